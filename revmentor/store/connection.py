"""Open the program's database file: path, permissions, pragmas, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from revmentor.errors import StoreError

DEFAULT_DB = "revmentor.db"
DB_ENV = "REVMENTOR_DB"
# Two commands at once (e.g. two `revmentor log` runs) wait this long for each
# other instead of failing with "database is locked".
BUSY_TIMEOUT_MS = 10_000


def resolve_db_path(option: str | None) -> Path:
    """--db, else $REVMENTOR_DB, else ./revmentor.db."""
    if option is not None and not option.strip():
        raise StoreError("--db needs a file name, e.g. --db program.db.")
    chosen = option or os.environ.get(DB_ENV) or DEFAULT_DB
    return Path(chosen).expanduser()


def describe_sqlite_error(error: sqlite3.Error, path: Path) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"The database {path} is busy with another revmentor command; try again."
    if "readonly" in text or "read-only" in text:
        return f"The database {path} is read-only; check the file's permissions."
    if "disk is full" in text or "disk i/o" in text:
        return f"Could not write to {path}: the disk is full or failing."
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return f"{path} is not a revmentor database (not a readable SQLite file)."
    if "unable to open" in text:
        return f"Could not open the database {path}; check that its folder exists."
    return f"The database {path} could not be used: {error}."


class Store:
    """A migrated connection to one program file."""

    def __init__(self, db, path: Path):
        self.db = db
        self.path = path

    @contextlib.contextmanager
    def write(self, *, dry_run: bool = False) -> Iterator[None]:
        """One transaction for a command's whole change: all of it or none.

        BEGIN IMMEDIATE takes the write lock up front, so concurrent writers
        queue on the busy timeout instead of failing part-way through. With
        ``dry_run`` the change is computed and then rolled back.
        """
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        else:
            if dry_run:
                conn.rollback()
            else:
                conn.execute("COMMIT")

    def close(self) -> None:
        self.db.close()


def _import_sqlite_utils():
    """Import sqlite-utils without numpy.

    sqlite-utils imports numpy, when installed, only to accept numpy values in
    inserts; revmentor stores plain Python values, and skipping numpy saves about
    0.1 s on every command. Commands that need numpy (pair) import it themselves.
    """
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        import sqlite_utils

        return sqlite_utils
    sys.modules["numpy"] = None  # makes `import numpy` raise ImportError
    try:
        import sqlite_utils
    finally:
        del sys.modules["numpy"]
    return sqlite_utils


def _create_private_file(path: Path) -> None:
    # Notes are confidential: the file is created readable by its owner only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def open_store(path: Path, *, create: bool) -> Store:
    """Open (and when ``create``, create) the database and bring its schema up to date.

    Raises StoreError with one sentence for every way this can fail.
    """
    sqlite_utils = _import_sqlite_utils()

    from revmentor.store.migrations import MIGRATION_NAMES, migrations

    created = False
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a revmentor database file.")
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
            _create_private_file(path)
        except FileExistsError:
            pass  # another command created it a moment ago
        except OSError as error:
            raise StoreError(f"Cannot create {path}: {error.strerror}.") from None
        created = True
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        applied = [m.name for m in migrations.applied(db)]
        unknown = [name for name in applied if name not in MIGRATION_NAMES]
        if unknown:
            db.close()
            raise StoreError(
                f"{path} was written by a newer revmentor (schema step "
                f"{unknown[-1]!r}); upgrade revmentor to open it."
            )
        if not applied and db.table_names() and "program" not in db.table_names():
            db.close()
            raise StoreError(
                f"{path} is a SQLite database but not a revmentor one; "
                "choose another file with --db."
            )
        if migrations.pending(db):
            migrations.apply(db)
    except sqlite3.Error as error:
        if created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise StoreError(describe_sqlite_error(error, path)) from None
    if created:
        _created_this_run.append(path)
    return Store(db, path)


def open_scratch_store() -> Store:
    """A migrated program in memory: a dry run on a file that does not exist yet
    works here, so it creates nothing."""
    sqlite_utils = _import_sqlite_utils()

    from revmentor.store.migrations import migrations

    db = sqlite_utils.Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db)
    return Store(db, Path(":memory:"))


# Files this process created. The CLI edge announces them once the command has
# succeeded, and removes them when it fails, so a refused command leaves nothing.
_created_this_run: list[Path] = []


def finish_created(*, succeeded: bool) -> None:
    while _created_this_run:
        path = _created_this_run.pop()
        if succeeded:
            print(f"Created program database {path}", file=sys.stderr)
        else:
            for leftover in (path, Path(f"{path}-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
