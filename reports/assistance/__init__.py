"""The assistance area's printed forms and spreadsheets (四个一帮扶)."""
