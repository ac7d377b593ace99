"""Where the export's rows go: one file per month partition, Parquet or JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, Protocol

PARTITION = "published_month"
# Rows held per month before they are written as a row group: a few MB of records.
BATCH = 5000


class Sink(Protocol):
    def add(self, month: str, line: bytes) -> None: ...

    def close(self) -> list[Path]: ...


def partition_file(root: Path, month: str, ext: str) -> Path:
    folder = root / f"{PARTITION}={month}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"part-00000.{ext}"


class JsonlSink:
    """The records' own lines, byte for byte: the export reads like the change log."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, IO[bytes]] = {}

    def add(self, month: str, line: bytes) -> None:
        out = self.files.get(month)
        if out is None:
            out = self.files[month] = open(partition_file(self.root, month, "jsonl"), "wb")  # noqa: SIM115
        out.write(line)

    def close(self) -> list[Path]:
        for out in self.files.values():
            out.close()
        return [Path(out.name) for out in self.files.values()]


class ParquetSink:
    """Typed rows (``arrow_schema.parquet_schema``), zstd-compressed, a row group per batch."""

    def __init__(self, root: Path) -> None:
        import pyarrow.parquet as pq

        from idn_crawler.dataset.arrow_schema import parquet_schema
        from idn_crawler.dataset.shape import record_shape

        self.pq, self.root = pq, root
        self.schema, self.shape = parquet_schema(), record_shape()
        self.writers: dict[str, Any] = {}
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.paths: list[Path] = []

    def add(self, month: str, line: bytes) -> None:
        from idn_crawler.dataset.arrow_schema import parquet_row

        rows = self.rows.setdefault(month, [])
        rows.append(parquet_row(json.loads(line), self.shape))
        if len(rows) >= BATCH:
            self._flush(month)

    def _flush(self, month: str) -> None:
        import pyarrow as pa

        rows = self.rows.pop(month, [])
        if not rows:
            return
        writer = self.writers.get(month)
        if writer is None:
            path = partition_file(self.root, month, "parquet")
            writer = self.writers[month] = self.pq.ParquetWriter(path, self.schema, compression="zstd")
            self.paths.append(path)
        writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> list[Path]:
        try:
            for month in list(self.rows):
                self._flush(month)
        finally:
            for writer in self.writers.values():
                writer.close()
        return self.paths


def parquet_sink(root: Path) -> Sink:
    return ParquetSink(root)
