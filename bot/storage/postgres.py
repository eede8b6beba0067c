"""PostgreSQL (`DATABASE_URL`): one schema, migrated by version, shared by every replica.

Several replicas may start at once on an empty database: each migrates inside one transaction
that first takes a transaction-level advisory lock, so one of them creates the schema and the
others find it made. The first migration also puts the bundled article in `articles`, so a new
database answers as a new `DATA_DIR/articles` folder does.

What lives here, with the same privacy as the SQLite log (no user or chat ids):
- `questions`: the question log, the same columns as `bot.questionrows.Row`;
- `settling`: inline queries waiting `SETTLE` seconds for a newer one from the same person,
  keyed by an HMAC of the user id (see `settle_key`), never the id;
- `updates`: the update claims of `bot.storage.claims`;
- `articles` and `articles_version`: the knowledge files (see `bot.storage.articles`);
- `conversations`: what each private chat said last, for follow-ups, under an HMAC of the
  chat id (see `bot.storage.conversations`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

import psycopg

from bot.storage import DatabaseError
from knowledge import BUNDLED_DIR
from knowledge.ingest import knowledge_files

logger = logging.getLogger(__name__)

MIGRATION_LOCK = 1_717_000
"""The advisory lock (one bigint) migrations take."""
REPLICA_LOCKS = 1_717
"""The class of the advisory locks (two ints) each running replica holds: (REPLICA_LOCKS, id)."""
CONNECT_TIMEOUT = 10
SCHEMA_VERSION = 3
MIGRATIONS = {
    # from version 0 (an empty database) to 1
    0: """
        CREATE TABLE questions (
            asked_at double precision NOT NULL,   -- Unix time, seconds
            origin text NOT NULL,                 -- private, group, inline or cli
            question text NOT NULL,               -- as typed
            kind text NOT NULL,                   -- answer, none, chat, about...
            article text,                         -- file name of the article quoted, if any
            title text,                           -- its title
            paragraph integer,                    -- 1-based paragraph quoted
            confidence double precision,          -- the engine's confidence in it
            ms double precision NOT NULL          -- time taken to answer
        );
        CREATE INDEX questions_asked_at ON questions (asked_at);
        CREATE TABLE settling (
            key bytea PRIMARY KEY,                -- HMAC of the asker's user id, never the id
            asked_at double precision NOT NULL,
            origin text NOT NULL,
            question text NOT NULL,
            kind text NOT NULL,
            article text,
            title text,
            paragraph integer,
            confidence double precision,
            ms double precision NOT NULL
        );
        CREATE TABLE updates (
            update_id bigint PRIMARY KEY,
            replica integer NOT NULL,             -- the replica answering it (its lock id)
            done boolean NOT NULL DEFAULT false,
            claimed_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE SEQUENCE replicas AS integer;
        CREATE TABLE articles (
            name text PRIMARY KEY,                -- the file's path in a knowledge folder
            data bytea NOT NULL,                  -- its bytes
            changed_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE articles_version (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            version bigint NOT NULL
        );
        INSERT INTO articles_version (version) VALUES (1);
    """,
    # from 1 to 2: what private chats said last (see bot.storage.conversations)
    1: """
        CREATE TABLE conversations (
            key text PRIMARY KEY,                 -- HMAC of the chat id, never the id
            value text NOT NULL,
            expires_at double precision NOT NULL  -- Unix time, seconds
        );
        CREATE INDEX conversations_expires_at ON conversations (expires_at);
    """,
    # from 2 to 3: feedback (see bot.questionlog: an answer's reference, votes as rows)
    2: """
        ALTER TABLE questions ADD COLUMN ref text;
        ALTER TABLE settling ADD COLUMN ref text;
        CREATE INDEX questions_ref ON questions (ref);
    """,
}


def connect(url: str, **options: Any) -> psycopg.Connection[Any]:
    """A connection, or `DatabaseError` naming the fault (never the password)."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, **options)
    except psycopg.Error as error:
        raise DatabaseError(f"cannot connect to DATABASE_URL: {one_line(error)}") from None


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def migrate(connection: psycopg.Connection[Any]) -> int:
    """Bring the schema to `SCHEMA_VERSION` in one transaction; the version found before."""
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
        row = connection.execute("SELECT version FROM schema_version").fetchone()
        found = version = row[0] if row else 0
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"the database's schema version {version} is newer than this bot's "
                f"({SCHEMA_VERSION}): upgrade the bot"
            )
        while version < SCHEMA_VERSION:
            connection.execute(MIGRATIONS[version])
            if version == 0:
                seed_articles(connection)
            version += 1
        if row is None:
            connection.execute("INSERT INTO schema_version VALUES (%s)", (version,))
        elif found != version:
            connection.execute("UPDATE schema_version SET version = %s", (version,))
    if found != version:
        logger.info("Database schema migrated from version %d to %d", found, version)
    return found


def seed_articles(connection: psycopg.Connection[Any]) -> None:
    """The bundled article, as `DATA_DIR/articles` starts with it."""
    for path in knowledge_files(BUNDLED_DIR):
        name = path.relative_to(BUNDLED_DIR).as_posix()
        connection.execute(
            "INSERT INTO articles (name, data) VALUES (%s, %s)", (name, path.read_bytes())
        )


def open_database(url: str) -> None:
    """Connect once and migrate: what every replica and command does first."""
    with connect(url, autocommit=True) as connection:
        try:
            migrate(connection)
        except psycopg.Error as error:
            raise DatabaseError(f"cannot create the schema: {one_line(error)}") from None


def settle_key(secret: str, user_id: object) -> bytes:
    """The `settling` key of a user: an HMAC of the id under the bot's secret (its token), so
    every replica computes the same key and the table never holds the id."""
    return hmac.new(secret.encode(), f"settle:{user_id}".encode(), hashlib.sha256).digest()
