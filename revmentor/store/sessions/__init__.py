"""Queries on sessions, check-ins and goals."""
