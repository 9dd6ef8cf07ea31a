"""One options object built from packaged defaults plus overrides.

``Options.load()`` reads ``data/defaults.toml`` from the package, then an optional user TOML
file, then keyword overrides of the form ``section__key=value`` (or a nested dict).
"""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

ENV_DB = "QUOTETRAIL_DB"
#: Options that take one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {"quotes.scope": ("statements", "attributions")}


def _packaged_defaults() -> dict[str, Any]:
    text = resources.files("quotetrail").joinpath("data/defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], extra: dict[str, Any], where: str = "") -> None:
    for key, value in extra.items():
        if key not in base:
            raise ConfigError(f"unknown option '{where}{key}'")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"option '{where}{key}' is a section, not a value")
            _merge(base[key], value, f"{where}{key}.")
        else:
            default = base[key]
            if isinstance(default, bool) and not isinstance(value, bool):
                raise ConfigError(f"option '{where}{key}' must be true or false, not {value!r}")
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                try:
                    value = type(default)(value)
                except (TypeError, ValueError) as exc:
                    raise ConfigError(f"option '{where}{key}' must be a number, not {value!r}") from exc
            choices = CHOICES.get(f"{where}{key}")
            if choices is not None and value not in choices:
                raise ConfigError(f"option '{where}{key}' must be one of {', '.join(choices)}, not {value!r}")
            base[key] = value


@dataclass(slots=True)
class Options:
    data: dict[str, Any] = field(default_factory=_packaged_defaults)

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides: Any) -> Options:
        data = _packaged_defaults()
        if config_file:
            try:
                _merge(data, tomllib.loads(Path(config_file).read_text(encoding="utf-8")))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"cannot read config file {config_file}: {exc}") from exc
        nested: dict[str, Any] = {}
        for key, value in overrides.items():
            if value is None:
                continue
            section, _, name = key.partition("__")
            if not name:
                raise ConfigError(f"override {key!r} must be written section__key")
            nested.setdefault(section, {})[name] = value
        _merge(data, nested)
        return cls(data)

    def with_overrides(self, **overrides: Any) -> Options:
        clone = Options(copy.deepcopy(self.data))
        nested: dict[str, Any] = {}
        for key, value in overrides.items():
            if value is None:
                continue
            section, _, name = key.partition("__")
            nested.setdefault(section, {})[name] = value
        _merge(clone.data, nested)
        return clone

    def get(self, section: str, key: str) -> Any:
        return self.data[section][key]

    def store_url(self) -> str:
        """The store to use: explicit option, else $QUOTETRAIL_DB, else the user data dir."""
        url = str(self.data["store"]["url"] or os.environ.get(ENV_DB) or "")
        if url:
            return url
        from platformdirs import user_data_dir

        return str(Path(user_data_dir("quotetrail")) / "quotetrail.sqlite")
