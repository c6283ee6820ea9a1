"""The exchange area's window pages and command-line verbs (issue 17)."""
