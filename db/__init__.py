"""The data layer: SQLModel tables, the engine and sessions, the write path (`store`) and every query."""
