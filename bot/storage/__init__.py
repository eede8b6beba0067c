"""The bot's storage when replicas share it: PostgreSQL through `DATABASE_URL`.

Without `DATABASE_URL` the bot keeps what it has always kept: its articles in a folder and its
question log in SQLite (`bot.questionlog`); none of this is imported then. With it:
`postgres` (schema, migrations), `questions` (the log), `updates` (claims), `replica`
(presence and notifications), `articles` (the shared knowledge files), `shared` (all of it
for one process).
"""

from __future__ import annotations


class DatabaseError(Exception):
    """The database cannot be used; the message is one line for the operator."""


__all__ = ["DatabaseError"]
