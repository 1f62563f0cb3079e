"""revmentor: run a reverse-mentoring program from the command line."""

__version__ = "0.1.0"
