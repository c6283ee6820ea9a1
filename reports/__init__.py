"""PDF and spreadsheet writers: pure functions from plain data to a binary stream. No Qt, no SQL."""
