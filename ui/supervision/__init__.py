"""The 监督 area's window parts and command-line verbs."""
