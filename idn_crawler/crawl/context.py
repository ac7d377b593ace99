"""One run id per crawl, shared by the store and the run report."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime
from typing import Any


def run_id_for(crawler: Any) -> str:
    run_id = getattr(crawler, "idn_run_id", None)
    if run_id is None:
        run_id = crawler.settings.get("IDN_RUN_ID") or os.environ.get("IDN_RUN_ID") or new_run_id()
        crawler.idn_run_id = run_id
    return str(run_id)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)
