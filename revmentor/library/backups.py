"""Export the whole program, and restore it into an empty one."""

from __future__ import annotations

import json
from pathlib import Path

from revmentor import __version__
from revmentor.errors import Conflict, InvalidInput
from revmentor.inputs import read_text
from revmentor.library.base import ProgramBase
from revmentor.store.backup import export_backup, is_empty, restore_backup


class BackupsUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    def export(self) -> dict:
        """The whole program as one JSON-ready document (a backup), confidential
        notes and private attributes included."""
        return export_backup(self.db, __version__)

    def restore(self, backup: str | Path, *, replace: bool = False) -> dict[str, int]:
        """Load a backup file made by ``export``, all or nothing; a program that
        already holds people, pairs or sessions only with ``replace``. Returns
        the rows restored per table."""
        document = read_backup(Path(backup))
        with self.transaction():
            if not replace and not is_empty(self.db):
                raise Conflict(
                    f"{self.path} already holds a program; restore into a new file "
                    "with --db, or add --replace to overwrite it."
                )
            return restore_backup(self.db, document, str(backup))


def read_backup(path: Path) -> object:
    """The backup's JSON document, or one sentence saying why it cannot be read."""
    try:
        return json.loads(read_text(path, "backup"))
    except RecursionError:
        why = "its data nests too deeply"
    except json.JSONDecodeError as error:
        why = f"{error.msg} (line {error.lineno})"
    raise InvalidInput(f"{path} is not a revmentor backup: {why}.")
