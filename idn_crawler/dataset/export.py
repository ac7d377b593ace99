"""``idn-crawl export``: one row per article, its latest version, as Parquet or JSON lines.

Two passes over the parts keep memory to a few numbers per article: the first finds each
article's latest version (highest ``version``; the later line of equal ones), the second
copies exactly those records into ``published_month=YYYY-MM/part-00000.<ext>`` (the UTC
month of ``published_at``). The snapshot is built in a hidden folder beside the output and
swapped in whole (``swap.py``): readers see the previous export or this one.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from idn_crawler.dataset.schemas import FOR_JSONL, FOR_PARQUET, SCHEMA_DIR, write_schemas
from idn_crawler.dataset.sinks import JsonlSink, Sink, parquet_sink
from idn_crawler.dataset.sources import gone_articles, part_files, raw_lines
from idn_crawler.dataset.swap import fsync_tree, publish_dir
from idn_crawler.storage.files import write_atomically

MANIFEST = "_export.json"
FORMATS = ("parquet", "jsonl")


class ExportError(RuntimeError):
    """The export cannot be made as asked; the message says why (nothing is written)."""


@dataclass(frozen=True)
class ExportOptions:
    data: Path
    state: Path
    output: Path
    format: str = "parquet"
    since: datetime | None = None
    include_gone: bool = False


@dataclass(frozen=True)
class Latest:
    version: int
    order: int  # the line's place in the whole dataset, parts in order
    month: str  # UTC month of published_at: the partition
    published: datetime
    gone: bool


def export(options: ExportOptions) -> dict[str, Any]:
    """Write the snapshot; its manifest (also written as ``_export.json``)."""
    _check_output(options)
    parts = part_files(options.data)
    chosen = _selected(_latest(parts, _gone(options)), options)
    built = options.output.with_name(f".{options.output.name}.tmp")
    shutil.rmtree(built, ignore_errors=True)  # a killed export's (the lock is ours)
    built.mkdir(parents=True)
    try:
        files = _write(parts, chosen, built, options.format)
        manifest = _manifest(options, len(chosen), files)
        write_schemas(built, FOR_PARQUET if options.format == "parquet" else FOR_JSONL)
        write_atomically(built / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))
        fsync_tree(built)
        publish_dir(built, options.output)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    return manifest


def _check_output(options: ExportOptions) -> None:
    out = options.output
    if out.exists() and not out.is_dir():
        raise ExportError(f"--output {out} is a file; give a directory (the export is a folder)")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists():
        raise ExportError(f"--output {out} holds something other than an earlier export; give another")
    if not (options.data / "articles").is_dir():
        raise ExportError(f"no dataset at {options.data} (no articles/ folder); give --data DIR")


def _gone(options: ExportOptions) -> tuple[set[str], set[str]]:
    return (set(), set()) if options.include_gone else gone_articles(options.state)


def _numbered(parts: list[Path]) -> Iterator[tuple[int, bytes]]:
    order = 0
    for path in parts:
        for line in raw_lines(path):
            yield order, line
            order += 1


def _latest(parts: list[Path], gone: tuple[set[str], set[str]]) -> dict[str, Latest]:
    urls, ids = gone
    latest: dict[str, Latest] = {}
    for order, line in _numbered(parts):
        record = json.loads(line)
        ident, version = record["article_id"], int(record["version"])
        held = latest.get(ident)
        if held is None or (version, order) > (held.version, held.order):
            published = datetime.fromisoformat(record["published_at"]).astimezone(UTC)
            lost = ident in ids or bool({record["url"], record.get("source_url")} & urls)
            latest[ident] = Latest(version, order, published.strftime("%Y-%m"), published, lost)
    return latest


def _selected(latest: dict[str, Latest], options: ExportOptions) -> dict[int, str]:
    """line order -> partition month, for the rows of the snapshot."""
    since = options.since
    return {
        row.order: row.month
        for row in latest.values()
        if not row.gone and (since is None or row.published >= since)
    }


def _write(parts: list[Path], chosen: dict[int, str], built: Path, kind: str) -> list[str]:
    sink: Sink = parquet_sink(built) if kind == "parquet" else JsonlSink(built)
    try:
        for order, line in _numbered(parts):
            month = chosen.get(order)
            if month is not None:
                sink.add(month, line)
    finally:
        files = sink.close()
    return [path.relative_to(built).as_posix() for path in files]


def _manifest(options: ExportOptions, articles: int, files: list[str]) -> dict[str, Any]:
    return {
        "format": options.format,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": articles,
        "since": options.since.isoformat() if options.since else None,
        "include_gone": options.include_gone,
        "schema": f"{SCHEMA_DIR}/",
        "files": sorted(files),
    }
