"""People: participants, rosters, the org chart around the program, one person's story."""
