"""Reading the files a user hands to revmentor (rosters, program files,
backups, spreadsheets): regular files only, up to a stated size, as UTF-8.

Every refusal is one sentence naming the file, so ``/dev/zero`` as a roster, a
folder, or a file in another encoding never ends in a crash.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from revmentor.errors import InvalidInput

# The largest file revmentor reads: far beyond a roster of 10,000 people or a
# backup of years of sessions, small enough to read and check in memory.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path, what: str) -> bytes:
    """The file's bytes; refuses what is not a regular file or is too large."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        # Checked before fdopen, which neither opens a folder nor closes its fd.
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise InvalidInput(
                f"{path} is not a regular file; give a {what} file saved on disk."
            )
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput(f"No {what} file at {path}.") from None
    except OSError as error:
        raise InvalidInput(f"Cannot read {path}: {error.strerror}.") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InvalidInput(
            f"{path} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, the most "
            f"revmentor reads as a {what} file."
        )
    return data


def read_text(path: Path, what: str) -> str:
    """The file as UTF-8 text (a byte-order mark is dropped)."""
    data = read_bytes(path, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(
            f"{path}, line {line}: this is not UTF-8 text; save the {what} file as UTF-8."
        ) from None
