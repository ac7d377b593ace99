"""``idn-crawl status [--output DIR] [--json] [--html FILE]``: the dataset and its runs at a glance.

Read-only: the crawl state is opened with SQLite's ``mode=ro`` and no lock is taken,
so it works while a crawl runs. Exit 0; 1 when there is no dataset, the state is
unreadable, or the page cannot be written (one line on stderr); 64 for bad options.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from idn_crawler.config import BadSetting, IdnSettings
from idn_crawler.crawl.outcome import BAD_ARGUMENTS, FAILED
from idn_crawler.status.summary import NoDataset, Paths, gather
from idn_crawler.storage.state import StateCorrupt


def add_status_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", help="dataset directory (IDN_OUTPUT_DIR; default: data)")
    parser.add_argument("--state", help="crawl state path (IDN_STATE_PATH; default: <output>/state.sqlite3)")
    parser.add_argument(
        "--runs", type=_count, default=10, metavar="N", help="how many recent runs (default: 10)"
    )
    parser.add_argument("--quick", action="store_true", help="do not read the parts: counts from the crawl"
                        " state only, no newest/oldest article or articles per publication day")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    parser.add_argument("--html", metavar="FILE", help="also write a self-contained page with charts here")


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {value!r}")
    return int(value)


def paths_from(options: argparse.Namespace) -> Paths:
    from idn_crawler.cli.process import project_settings

    named = {"IDN_OUTPUT_DIR": options.output, "IDN_STATE_PATH": options.state}
    config = IdnSettings.from_settings(project_settings({k: v for k, v in named.items() if v}))
    return Paths(config.output_dir, config.state_path, config.archive_dir)


def status(options: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        facts = gather(paths_from(options), options.runs, dates=not options.quick)
    except BadSetting as exc:
        print(f"idn-crawl status: {exc}", file=err)
        return BAD_ARGUMENTS
    except (NoDataset, StateCorrupt) as exc:
        print(f"idn-crawl status: {exc}", file=err)
        return FAILED
    if options.html and not write_page(Path(options.html), facts, err):
        return FAILED
    if options.json:
        print(json.dumps(facts, ensure_ascii=False, indent=2), file=out)
    else:
        from idn_crawler.status.text import format_status

        print(format_status(facts), file=out)
    return 0


def write_page(path: Path, facts: dict, err: TextIO) -> bool:
    from idn_crawler.status.html import page
    from idn_crawler.storage.files import write_atomically

    try:
        write_atomically(path, page(facts).encode("utf-8"))
    except OSError as exc:
        print(f"idn-crawl status: cannot write {path} ({exc.strerror or exc})", file=err)
        return False
    return True
