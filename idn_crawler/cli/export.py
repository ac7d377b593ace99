"""``idn-crawl export``: a typed snapshot of the current articles (``dataset/export.py``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from idn_crawler.config import BadSetting, IdnSettings
from idn_crawler.crawl.outcome import BAD_ARGUMENTS, FAILED, LOCKED, OK
from idn_crawler.dataset.export import FORMATS, ExportError, ExportOptions
from idn_crawler.spiders.arguments import BadArgument, parse_since
from idn_crawler.storage import locking

# Held by export and compact: an export never reads a day that compaction is swapping.
READERS_LOCK = ".idn-dataset.lock"
INSTALL_HINT = "pip install 'idn-crawler[export]'"


def add_export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", help="the snapshot folder, replaced whole (default: <data>/export)")
    parser.add_argument("--format", choices=FORMATS, default="parquet", help="parquet (default) or jsonl")
    parser.add_argument("--since", help="only articles published on or after this (ISO date, or 30d)")
    parser.add_argument("--include-gone", action="store_true", help="keep articles whose URL is now 404/410")
    parser.add_argument("--data", help="the dataset to read (IDN_OUTPUT_DIR; default: data)")
    parser.add_argument("--state", help="its crawl state (IDN_STATE_PATH; default: <data>/state.sqlite3)")


def run_export(args: argparse.Namespace, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    if args.format == "parquet" and not _have_pyarrow():
        print(f"idn-crawl export: Parquet needs pyarrow: {INSTALL_HINT} (or --format jsonl)", file=err)
        return BAD_ARGUMENTS
    try:
        options = _options(args)
    except (BadArgument, BadSetting) as exc:
        print(f"idn-crawl export: {exc}", file=err)
        return BAD_ARGUMENTS
    return _export(options, err)


def _have_pyarrow() -> bool:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def _options(args: argparse.Namespace) -> ExportOptions:
    from idn_crawler.cli.process import project_settings

    named = (("IDN_OUTPUT_DIR", args.data), ("IDN_STATE_PATH", args.state))
    config = IdnSettings.from_settings(project_settings({k: v for k, v in named if v}))
    output = Path(args.output) if args.output else config.output_dir / "export"
    since = parse_since(args.since) if args.since else None
    return ExportOptions(
        config.output_dir, config.state_path, output.resolve(), args.format, since, args.include_gone
    )


def _export(options: ExportOptions, err: TextIO) -> int:
    from idn_crawler.dataset.export import export

    try:
        with dataset_lock(options.data, "idn-crawl export"):
            manifest = export(options)
    except locking.Locked as exc:
        print(f"idn-crawl export: {exc}; nothing done", file=err)
        return LOCKED
    except ExportError as exc:
        print(f"idn-crawl export: {exc}", file=err)
        return BAD_ARGUMENTS
    except OSError as exc:
        print(f"idn-crawl export: cannot write the snapshot ({exc}); the previous one is untouched", file=err)
        return FAILED
    files = len(manifest["files"])
    print(f"exported {manifest['articles']} articles ({options.format}, {files} files) to {options.output}",
          file=err)  # fmt: skip
    return OK


class dataset_lock:  # lower-case: used like contextlib's managers
    """The dataset's readers lock (``READERS_LOCK``), or ``locking.Locked`` naming its holder."""

    def __init__(self, data: Path, what: str) -> None:
        self.path, self.what = data / READERS_LOCK, what
        self.handle: TextIO | None = None

    def __enter__(self) -> None:
        if not self.path.parent.is_dir():
            raise ExportError(f"no dataset at {self.path.parent}")
        self.handle = locking.acquire(self.path, f"the dataset {self.path.parent} (export or compact)")

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            locking.release(self.handle)
