"""Files that readers see whole or not at all: written aside, fsynced, renamed."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable, not only its file's bytes."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def aside(final: Path) -> Path:
    """The hidden temporary name a file is written under before it is published."""
    return final.with_name(f".{final.name}.tmp")


def publish(tmp: Path, final: Path) -> None:
    """Rename a complete, fsynced file into place."""
    os.replace(tmp, final)
    fsync_dir(final.parent)


def write_atomically(final: Path, data: bytes) -> None:
    tmp = aside(final)
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    publish(tmp, final)
