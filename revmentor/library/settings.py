"""The program's settings: create the program, read and change its settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import date

from revmentor.domain.models import Settings
from revmentor.domain.pairing.matching_settings import requirements_as_dict
from revmentor.domain.program import clean_settings
from revmentor.library.base import ProgramBase
from revmentor.store.program import update_program


class SettingsUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    def set_up(self, changes: Mapping[str, object]) -> Settings:
        """Create the program or change its settings (the keys of a roster's
        ``program:`` block, each checked by its rule); the start defaults to today."""
        checked = clean_settings(changes)
        with self.transaction():
            if "start" not in checked and self.settings.start is None:
                checked["start"] = date.today()
            update_program(self.db, checked)
        return self.settings

    def change_settings(self, changes: Mapping[str, object]) -> Settings:
        """Change the settings given (``program_changes``); the require rules
        of a side not named stay as they are."""
        with self.transaction():
            matching = changes.get("matching") or {}
            if isinstance(matching, dict) and isinstance(matching.get("require"), dict):
                require = replace(self.settings.matching.require, **matching["require"])
                changes = {**changes, "matching": {**matching, "require": require}}
            update_program(self.db, dict(changes))
        return self.settings

    def settings_as_dict(self) -> dict:
        """The program's settings with the roster file's keys (JSON-ready, dates aside)."""
        settings = self.settings
        data = asdict(settings)
        del data["round_began"]  # read from the pairs, not a setting
        data["matching"]["require"] = requirements_as_dict(settings.matching.require)
        return data
