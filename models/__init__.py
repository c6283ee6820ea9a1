"""GridLedger back end: the records, their rules and queries. No Qt, no printing."""
