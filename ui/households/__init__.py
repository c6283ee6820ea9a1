"""The 中心户 area of the window and the command line."""
