"""Reading ``IDN_`` settings: an explicit ``-s`` wins, then the environment, then the default."""

from __future__ import annotations

import json
import os
from typing import Any

from scrapy.settings import BaseSettings

from idn_crawler import settings as defaults


def setting(settings: BaseSettings, name: str) -> Any:
    priority = settings.getpriority(name)
    project_priority = 20  # scrapy.settings.SETTINGS_PRIORITIES["project"]
    if (priority is None or priority <= project_priority) and name in os.environ:
        return _from_env(os.environ[name], getattr(defaults, name, None))
    return settings.get(name, getattr(defaults, name, None))


def _from_env(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        return type(default)(raw)
    if isinstance(default, (list, dict)):
        return (
            json.loads(raw) if raw.strip()[:1] in "[{" else [p.strip() for p in raw.split(",") if p.strip()]
        )
    return raw
