"""Write a run's files into one folder: all of them or, when the folder or one
target is a link or a file that must not be replaced, none (each through a
temporary file and a rename, readable by its owner only: see
``revmentor.files``). When the disk fails half-way, the error names the files
written before it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from revmentor.errors import InvalidInput, RevmentorError
from revmentor.files import check_writable_target, refuse_link, write_file

Data = bytes | str  # text is written as UTF-8


def write_files(folder: Path | None, files: Sequence[tuple[str | Path, Data]]) -> None:
    """Write ``files`` (name, content) into ``folder``, created (0700) if new
    (no folder: each name is a path)."""
    folder = folder or Path()
    refuse_link(folder, "folder")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except FileExistsError:  # a file, or a link to nothing
        raise InvalidInput(f"{folder} is not a folder; --output needs one.") from None
    except FileNotFoundError:
        raise InvalidInput(
            f"Cannot create {folder}: the folder {folder.parent} does not exist."
        ) from None
    except OSError as error:
        raise InvalidInput(f"Cannot create {folder}: {error.strerror}.") from None
    for name, _ in files:
        check_writable_target(folder / name)
    written: list[str] = []
    for name, content in files:
        try:
            write_file(folder / name, content)
        except RevmentorError as error:
            if written:  # say which are there, as they stay
                raise type(error)(
                    f"{str(error).rstrip('.')}; written before it: {', '.join(written)}"
                ) from None
            raise
        written.append(str(name))
