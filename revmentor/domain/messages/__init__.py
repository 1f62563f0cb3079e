"""Messages to participants, their settings, and the forms they answer."""
