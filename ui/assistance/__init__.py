"""The assistance area's window page and command-line verbs (四个一帮扶)."""
