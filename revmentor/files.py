"""Writing output files safely: never over an input, never through a link, never half.

Every file revmentor writes (listings, reports, backups, messages, calendars)
goes through ``write_file``. The rules:

- never over a file the command reads: the open database (and its journal), a
  roster, a backup being restored; those register themselves with ``protect``
  (kept by the command's run: ``revmentor.command_run``);
- never through a symbolic link (the link is refused, naming it);
- written to a temporary file in the same folder, flushed to disk, then renamed
  over the target, so a failure leaves the old file as it was and no partial
  file behind; the new file is readable by its owner only.

Devices and pipes (``/dev/stdout``, a FIFO) are written in place: there is no
file to replace.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from revmentor import command_run
from revmentor.errors import InvalidInput, StoreError

# SQLite keeps these beside a database while it writes.
_DATABASE_COMPANIONS = ("-journal", "-wal", "-shm")


def protect(path: Path | str, *, database: bool = False) -> None:
    """Mark a file the command reads, so no output is ever written over it."""
    real = os.path.realpath(path)
    protected = command_run.current().protected
    protected.add(real)
    if database:
        protected.update(real + suffix for suffix in _DATABASE_COMPANIONS)


def resolve_db_path(option: str | Path | None) -> Path:
    """The program's database file: --db, else $REVMENTOR_DB, else ./revmentor.db."""
    if isinstance(option, str) and not option.strip():
        raise StoreError("--db needs a file name, e.g. --db program.db.")
    return Path(option or os.environ.get("REVMENTOR_DB") or "revmentor.db").expanduser()


def _is_protected(path: Path) -> bool:
    """A protected file, under its own name or another (a link)."""
    protected = command_run.current().protected
    for kept in protected:
        # A protected file that is gone, or a target not yet written, is no match.
        with contextlib.suppress(OSError):
            if os.path.samefile(path, kept):
                return True
    return os.path.realpath(path) in protected


def refuse_link(path: Path, kind: str = "file") -> None:
    """Refuse an output (a ``kind``: file or folder) that is a symbolic link."""
    if os.path.islink(path):
        raise InvalidInput(
            f"The output {path} is a symbolic link; revmentor does not write "
            f"through links. Name the {kind} itself or another path."
        )


def check_writable_target(path: Path) -> None:
    """Refuse, before any work, a target revmentor must not write to."""
    refuse_link(path)
    if path.is_dir():
        raise InvalidInput(f"The output {path} is a folder; name a file instead.")
    if _is_protected(path):
        raise InvalidInput(
            f"The output {path} is a file this command reads (the program "
            "database or an input file); choose another file name."
        )
    if not path.parent.is_dir():
        raise InvalidInput(
            f"Cannot write {path}: the folder {path.parent} does not exist."
        )


def write_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` safely (see the module's rules)."""
    check_writable_target(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.exists() and not path.is_file():  # a device or a pipe
            path.write_bytes(payload)
            return
        # mkstemp creates the file readable by its owner only (0600).
        fd, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise StoreError(f"Cannot write {path}: {error.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise StoreError(
                f"Cannot write {path}: {error.strerror}; "
                "any earlier file there is unchanged."
            ) from None
        raise
