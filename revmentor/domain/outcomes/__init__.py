"""What the report measures: its data, outcomes, and the three-people rule."""
