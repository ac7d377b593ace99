"""``IdnSettings``: one typed, validated view of every ``IDN_`` setting.

Where a value comes from is decided once, here: an explicit setting (``-s``,
a spider's ``custom_settings``) beats an environment variable of the same name,
which beats the default in ``idn_crawler/settings.py``. Whatever the route, the
value is converted and checked by the same rule, and a bad one is a
``BadSetting`` whose message names the setting and the form it accepts.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from idn_crawler import settings as defaults

PREFIX = "IDN_"
# Scrapy's priority of settings.py; anything above it was set on purpose for this run.
_PROJECT_PRIORITY = 20
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


class BadSetting(ValueError):
    """A setting that cannot be used; the message names it and what it accepts."""


@dataclass(frozen=True)
class IdnSettings:
    mirror: str | None
    output_dir: Path
    state_path: Path
    sections: tuple[str, ...]
    retry_backoff_base: float
    retry_backoff_max: float
    part_max_records: int
    part_max_seconds: float
    compress: bool
    max_error_rate: float
    coverage_thresholds: dict[str, float]
    run_id: str | None
    archive: bool
    archive_dir: Path
    progress: str
    progress_interval: float
    sitemap_reconcile: float

    @classmethod
    def from_settings(cls, settings: BaseSettings, environ: Mapping[str, str] | None = None) -> IdnSettings:
        """Every IDN_ value, converted and checked; BadSetting for the first bad one."""
        env = os.environ if environ is None else environ
        check_names(settings, env)
        values = {f.name: _convert(f.name, _raw(settings, env, _name(f.name))) for f in fields(cls)}
        output = values["output_dir"]
        values["state_path"] = values["state_path"] or output / "state.sqlite3"
        values["archive_dir"] = values["archive_dir"] or output / "archive"
        return cls(**values)


def _name(field: str) -> str:
    return PREFIX + field.upper()


def _raw(settings: BaseSettings, env: Mapping[str, str], name: str) -> Any:
    priority = settings.getpriority(name)
    if (priority is None or priority <= _PROJECT_PRIORITY) and name in env:
        return env[name]
    return settings.get(name, getattr(defaults, name, None))


def known_names() -> list[str]:
    return [_name(f.name) for f in fields(IdnSettings)]


def check_names(settings: BaseSettings, env: Mapping[str, str]) -> None:
    """An IDN_ name nobody reads is a typo that would silently change nothing."""
    known = known_names()
    for name in [*(n for n in settings if isinstance(n, str)), *env]:
        if name.startswith(PREFIX) and name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]}?" if close else f"; known: {', '.join(known)}"
            raise BadSetting(f"{name}: no such setting{hint}")


# --- conversions: each takes the raw value (typed from settings.py, text from -s or the environment)
def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _origin(name: str, value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or not port_ok
        or parts.path not in ("", "/")
    ):
        raise BadSetting(f"{name}={value!r}: expected an origin such as http://127.0.0.1:8080")
    return text.rstrip("/")


def _path(name: str, value: Any) -> Path | None:
    text = _text(value)
    return Path(text) if text is not None else None


def _required_path(name: str, value: Any) -> Path:
    path = _path(name, value)
    if path is None:
        raise BadSetting(f"{name}={value!r}: expected a directory path")
    return path


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise BadSetting(f"{name}={value!r}: expected true or false (also 1/0, yes/no, on/off)")


def _number(name: str, value: Any, low: float, high: float, form: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not low <= number <= high:
        raise BadSetting(f"{name}={value!r}: expected {form}")
    return number


def _seconds(name: str, value: Any) -> float:
    return _number(name, value, 0.0, 86400.0, "a number of seconds from 0 to 86400")


_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.I)
_SPAN_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_TEN_YEARS = 3650 * 86400.0


def _duration(name: str, value: Any) -> float:
    """Seconds, or a span (``7d``, ``12h``, ``30m``, ``1w``), from 0 to ten years."""
    span = _SPAN.match(str(value)) if isinstance(value, str) else None
    if span:
        value = float(span.group(1)) * _SPAN_SECONDS[span.group(2).lower()]
    return _number(name, value, 0.0, _TEN_YEARS, "a number of seconds or a span such as 7d, 12h, 30m")


def _rate(name: str, value: Any) -> float:
    return _number(name, value, 0.0, 1.0, "a share from 0 to 1, such as 0.05")


def _count(name: str, value: Any) -> int:
    number = _number(name, value, 1, 10**9, "a whole number of 1 or more")
    if number != int(number):
        raise BadSetting(f"{name}={value!r}: expected a whole number of 1 or more")
    return int(number)


def _items(name: str, value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    text = str(value).strip()
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if not isinstance(loaded, list):
            raise BadSetting(f"{name}={value!r}: expected a JSON list or comma-separated names")
        return loaded
    return [part for part in text.split(",") if part.strip()]


def _sections(name: str, value: Any) -> tuple[str, ...]:
    slugs = [str(item).strip().strip("/").lower() for item in _items(name, value)]
    bad = [s for s in slugs if not _SLUG.match(s)]
    if bad or not slugs:
        raise BadSetting(
            f"{name}={value!r}: expected comma-separated section slugs such as news,sport or news/world"
        )
    return tuple(dict.fromkeys(slugs))


def _thresholds(name: str, value: Any) -> dict[str, float]:
    from idn_crawler.record.fields import FIELDS

    loaded = value
    if isinstance(value, str):
        try:
            loaded = json.loads(value)
        except ValueError:
            loaded = None
    form = 'a JSON object of record field -> share from 0 to 1, such as {"title": 1.0}'
    if not isinstance(loaded, dict) or any(key not in FIELDS for key in loaded):
        raise BadSetting(f"{name}={value!r}: expected {form}")
    return {key: _number(name, share, 0.0, 1.0, form) for key, share in loaded.items()}


PROGRESS_MODES = ("auto", "on", "off")


def _progress(name: str, value: Any) -> str:
    text = str(value).strip().lower()
    if text not in PROGRESS_MODES:
        raise BadSetting(f"{name}={value!r}: expected auto, on or off")
    return text


def _interval(name: str, value: Any) -> float:
    return _number(name, value, 0.1, 86400.0, "a number of seconds from 0.1 to 86400")


_CONVERTERS: dict[str, Callable[[str, Any], Any]] = {
    "mirror": _origin,
    "output_dir": _required_path,
    "state_path": _path,
    "sections": _sections,
    "retry_backoff_base": _seconds,
    "retry_backoff_max": _seconds,
    "part_max_records": _count,
    "part_max_seconds": _seconds,
    "compress": _boolean,
    "max_error_rate": _rate,
    "coverage_thresholds": _thresholds,
    "run_id": lambda name, value: _text(value),
    "archive": _boolean,
    "archive_dir": _path,
    "progress": _progress,
    "progress_interval": _interval,
    "sitemap_reconcile": _duration,
}


def _convert(field: str, value: Any) -> Any:
    return _CONVERTERS[field](_name(field), value)
