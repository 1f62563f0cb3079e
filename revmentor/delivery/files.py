"""The folder a run writes its files into (each file is then written by
``revmentor.files``: through a temporary file and a rename, never through a
link, readable by its owner only)."""

from __future__ import annotations

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
