"""Write a run's files into one folder, safely.

Each file goes to a temporary name in the folder and is renamed into place,
so a reader never sees half a file; a name that is a symlink or a folder is
refused rather than followed; files are readable by their owner only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from revmentor.errors import InvalidInput


def prepare_folder(folder: Path) -> None:
    """Make sure ``folder`` is a folder we can write into (created, 0700, if new)."""
    if folder.is_symlink() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a broken link; --output needs a folder.")
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file; --output needs a folder.")
    if folder.exists():
        return
    if not folder.parent.exists():
        raise InvalidInput(
            f"Cannot create {folder}: the folder {folder.parent} does not exist."
        )
    try:
        folder.mkdir(mode=0o700)
    except OSError as error:
        raise InvalidInput(f"Cannot create {folder}: {error.strerror}.") from None


def check_targets(folder: Path, names: Iterable[str]) -> None:
    """Refuse before writing anything when a target is a link, a folder, or a
    file that must not be replaced (the open database, an input): the same
    checks as every other output, for every file of the run."""
    from revmentor.files import check_writable_target

    for name in names:
        check_writable_target(folder / name)


def write_file(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` through a temporary file and a rename."""
    from revmentor.files import write_file as write_safely

    write_safely(target, content)
