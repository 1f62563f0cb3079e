"""Persistence: the program's SQLite file, its schema and its queries."""

from revmentor.store.connection import Store, open_store

__all__ = ["Store", "open_store"]
