"""Queries on participants and the org chart, and one person's whole story."""
