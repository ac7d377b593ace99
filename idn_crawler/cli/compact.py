"""``idn-crawl compact``: merge closed days' parts (``dataset/compact.py``), under the crawl's lock."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from typing import TextIO

from idn_crawler.config import BadSetting, IdnSettings
from idn_crawler.crawl.outcome import BAD_ARGUMENTS, FAILED, LOCKED, OK
from idn_crawler.dataset.swap import SwapUnsupported
from idn_crawler.spiders.arguments import BadArgument
from idn_crawler.storage import locking
from idn_crawler.storage.state import CrawlState, StateCorrupt, StateLocked


def add_compact_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--before", help="merge the days before this UTC date (default and latest: today)")
    parser.add_argument("--output", help="the dataset directory (IDN_OUTPUT_DIR; default: data)")
    parser.add_argument("--state", help="its crawl state (IDN_STATE_PATH; default: <output>/state.sqlite3)")


def run_compact(args: argparse.Namespace, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    try:
        config, before = _options(args)
    except (BadArgument, BadSetting) as exc:
        print(f"idn-crawl compact: {exc}", file=err)
        return BAD_ARGUMENTS
    if not (config.output_dir / "articles").is_dir():
        print(f"idn-crawl compact: no dataset at {config.output_dir} (give --output DIR)", file=err)
        return BAD_ARGUMENTS
    try:
        return _compact(config, before, err)
    except (StateLocked, locking.Locked) as exc:
        print(f"idn-crawl compact: {exc}; nothing done", file=err)
        return LOCKED
    except (StateCorrupt, SwapUnsupported, OSError) as exc:
        print(f"idn-crawl compact: {exc}; the dataset is as it was or finished by the next compact", file=err)
        return FAILED


def _options(args: argparse.Namespace) -> tuple[IdnSettings, date]:
    from idn_crawler.cli.process import project_settings

    named = (("IDN_OUTPUT_DIR", args.output), ("IDN_STATE_PATH", args.state))
    config = IdnSettings.from_settings(project_settings({k: v for k, v in named if v}))
    today = datetime.now(UTC).date()
    if not args.before:
        return config, today
    try:
        return config, min(date.fromisoformat(args.before), today)
    except ValueError:
        raise BadArgument(f"--before {args.before!r}: expected a date, YYYY-MM-DD") from None


def _compact(config: IdnSettings, before: date, err: TextIO) -> int:
    from idn_crawler.cli.export import dataset_lock
    from idn_crawler.cli.run import run_lock
    from idn_crawler.dataset.compact import compact

    with run_lock(config.output_dir), dataset_lock(config.output_dir, "idn-crawl compact"):
        state = CrawlState(config.state_path)
        try:
            merged = compact(config.output_dir, state, before, config.compress)
        finally:
            state.close()
    parts = sum(len(m.sources) for m in merged)
    print(f"compacted {len(merged)} days before {before}: {parts} parts into {len(merged)}", file=err)
    return OK
