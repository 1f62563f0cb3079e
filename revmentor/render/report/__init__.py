"""The report in every format: terminal, HTML, files, and their shared words."""
