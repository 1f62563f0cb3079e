"""Presentation: Rich for the terminal, and JSON/CSV/Markdown/HTML writers."""
