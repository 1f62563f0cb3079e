"""Open the program's database file: path, permissions, pragmas, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from revmentor import command_run, files
from revmentor.errors import StoreError


def describe_sqlite_error(error: sqlite3.Error, path: Path) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"The database {path} is busy with another revmentor command; try again."
    if "readonly" in text or "read-only" in text:
        return f"The database {path} is read-only; check the file's permissions."
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return (
            f"The file {path} is not a revmentor database (not a readable SQLite file)."
        )
    if "disk is full" in text or "disk i/o" in text:
        return f"Could not write to {path}: the disk is full or failing."
    return f"The database {path} could not be used: {error}."


class Store:
    """A connection to one program file, its schema up to date for reading.

    A file written by an older revmentor is upgraded only when a command
    writes to it: until then reads come from an upgraded copy in memory, so a
    command that only reads never changes the file.
    """

    def __init__(self, db, path: Path, *, file_conn=None):
        self.db = db
        self.path = path
        self._file_conn = file_conn  # set while reads use the in-memory copy

    @contextlib.contextmanager
    def write(self, *, dry_run: bool = False) -> Iterator[None]:
        """One transaction for a command's whole change: all of it or none.

        BEGIN IMMEDIATE takes the write lock up front, so concurrent writers
        queue on the busy timeout instead of failing part-way through. With
        ``dry_run`` the change is computed and then rolled back (on the
        in-memory copy of an older file too, which otherwise refuses writes).
        """
        if not dry_run:
            make_private(self.path)
            if self._file_conn is not None:  # an older file: upgrade it now
                from revmentor.store.migrations import upgrade

                self.db.conn.close()
                self.db.conn, self._file_conn = self._file_conn, None
                upgrade(self.db)
        conn, copy = self.db.conn, self._file_conn is not None
        if copy:
            conn.execute("PRAGMA query_only = OFF")
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            if not dry_run:
                command_run.current().hold_interrupts()  # saved from here on
                conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.rollback()
            if copy:
                conn.execute("PRAGMA query_only = ON")

    def close(self) -> None:
        if self._file_conn is not None:
            self._file_conn.close()
        self.db.close()


def make_private(path: Path) -> None:
    """Notes are confidential: a database revmentor writes is its owner's only."""
    mode = stat.S_IMODE(path.stat().st_mode)
    try:
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        raise StoreError(
            f"The database {path} can be read by other users (mode {mode:04o}) and "
            "revmentor cannot make it private (the file belongs to someone else); "
            "ask its owner to run `chmod 600` on it, or copy it."
        ) from None


def _database(conn=None):
    """A sqlite-utils Database on ``conn`` (None: a new one in memory), with
    foreign keys enforced.

    sqlite-utils is imported without numpy: it imports numpy, when installed,
    only to accept numpy values in inserts; revmentor stores plain Python
    values. Skipping numpy saves 0.10 s (0.23 s against 0.13 s to import
    sqlite-utils here), a fifth of the whole run of `people show` on a small
    program (benchmarks/startup.py). Commands that need numpy (pair) import it
    themselves.
    """
    if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # makes `import numpy` raise ImportError
        try:
            import sqlite_utils
        finally:
            del sys.modules["numpy"]
    import sqlite_utils

    # No sqlite-utils plugins: finding them reads every installed package's
    # entry points (about 15 ms of each command), and revmentor uses none.
    db = sqlite_utils.Database(conn, memory=conn is None, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def open_store(path: Path, *, create: bool) -> Store:
    """Open the database, ready to read; with ``create``, create it if missing.

    Refuses, before writing anything, a file that is not a revmentor database.
    Raises StoreError with one sentence for every way this can fail (SQLite's
    own errors are put in words by ``describe_sqlite_error`` at the CLI edge).
    """
    if path.exists() and not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file (a device or pipe)"
        raise StoreError(
            f"The database path {path} is {kind}; choose a database file with --db."
        )
    if not path.exists():
        if not create:
            raise StoreError(
                f"No revmentor database at {path}: run `revmentor init` or "
                "`revmentor import ROSTER.yaml` first, or choose one with --db."
            )
        if not path.parent.exists():
            raise StoreError(
                f"Cannot create {path}: the folder {path.parent} does not exist."
            )
        try:
            # Notes are confidential: the file is created readable by its owner only.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            command_run.current().created.append(path)  # gone if it fails
        except FileExistsError:
            pass  # another command created it a moment ago
        except OSError as error:
            raise StoreError(f"Cannot create {path}: {error.strerror}.") from None
    files.protect(path, database=True)
    return _connect(path, create=create)


def _connect(path: Path, *, create: bool) -> Store:
    # Two commands at once (e.g. two `revmentor log` runs) wait up to 10 s for
    # each other instead of failing with "database is locked".
    db = _database(sqlite3.connect(path, timeout=10))
    # After _database: the migrations import sqlite-utils, which must come without numpy.
    from revmentor.store.migrations import MIGRATION_NAMES, migrations, upgrade

    try:
        tables = db.table_names()
        applied = [m.name for m in migrations.applied(db)]
        if tables and not applied:
            raise StoreError(
                f"The file {path} is a SQLite database but not a revmentor one; "
                "choose another file with --db."
            )
        unknown = [name for name in applied if name not in MIGRATION_NAMES]
        if unknown:
            raise StoreError(
                f"The file {path} was written by a newer revmentor (schema step "
                f"{unknown[-1]!r}); upgrade revmentor to open it."
            )
        if not tables and not create:
            raise StoreError(
                f"The file {path} is empty, not a revmentor database yet: run "
                "`revmentor init --db` with it, or choose another file with --db."
            )
        if create:
            make_private(path)
            upgrade(db)
        elif migrations.pending(db):
            return open_scratch_store(db.conn, path)
        return Store(db, path)
    except BaseException:
        db.close()
        raise


def open_scratch_store(file_conn=None, path: Path = Path(":memory:")) -> Store:
    """A migrated program in memory: empty, so that a dry run on a file that
    does not exist yet creates nothing; or an upgraded copy of an older file
    (``file_conn``) for reads, the file being upgraded on the first write. The
    copy refuses writes, so none is lost."""
    db = _database()
    from revmentor.store.migrations import upgrade  # after: see _connect

    if file_conn is not None:
        file_conn.backup(db.conn)
    upgrade(db)
    if file_conn is not None:
        db.execute("PRAGMA query_only = ON")
    return Store(db, path, file_conn=file_conn)
