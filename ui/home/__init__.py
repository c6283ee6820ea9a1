"""The home page (首页): the office at a glance."""
