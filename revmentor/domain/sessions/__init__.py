"""Sessions, check-ins, goals, and how a pair is progressing."""
