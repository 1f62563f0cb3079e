"""Getting messages out: files written into a folder, and mail sent over SMTP.

Nothing here reads the database: callers hand in the messages and are told,
message by message, what happened, so they record only what really went out.
"""
