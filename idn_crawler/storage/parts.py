"""One part file of the dataset: JSON lines written aside, then published whole.

A part is written under a hidden ``.<name>.tmp`` name, and only renamed to its
final name (after a flush and an fsync) when complete: readers never see half
a line. A part whose write failed is discarded, temporary file and all.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import time
from pathlib import Path
from typing import IO, Any

from idn_crawler.record.lines import json_line
from idn_crawler.storage.files import aside, publish

TMP_SUFFIX = ".tmp"


def read_part(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


class Part:
    def __init__(self, final: Path, compress: bool) -> None:
        self.final = final
        self.tmp = aside(final)
        self.raw = open(self.tmp, "wb")  # noqa: SIM115 (closed in publish)
        gzipped = gzip.GzipFile(fileobj=self.raw, mode="wb") if compress else None
        self.out: IO[bytes] = gzipped if gzipped is not None else self.raw  # type: ignore[assignment]
        self.records: list[dict[str, Any]] = []
        self.opened = time.monotonic()

    def write(self, record: dict[str, Any]) -> None:
        self.out.write(json_line(record).encode("utf-8"))
        self.records.append(record)

    def publish(self) -> None:
        if self.out is not self.raw:
            self.out.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        publish(self.tmp, self.final)

    def discard(self) -> None:
        """Drop an unpublished part (a write failed): nothing of it reaches readers or the state."""
        for handle in (self.out, self.raw):
            with contextlib.suppress(OSError):
                handle.close()
        self.tmp.unlink(missing_ok=True)
