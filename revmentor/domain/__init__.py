"""Pure domain logic: models, validation, matching and progress rules.

Nothing here imports Typer, Rich or sqlite-utils, and nothing does I/O.
"""
