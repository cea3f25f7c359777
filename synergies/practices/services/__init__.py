"""The catalogue's write operations, one verb each (DESIGN §7.4)."""
