"""Exclusive, non-blocking ``flock`` locks that say who holds them.

The kernel drops a lock when its holder dies, even by SIGKILL, so a killed
run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO


class Locked(RuntimeError):
    """Another process holds the lock."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


def acquire(path: Path, what: str) -> TextIO:
    """Hold ``path`` locked until the returned handle is released; Locked if taken."""
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held open while locked)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise Locked(f"{what} is in use by {holder}", holder) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}\n")
    handle.flush()
    return handle


def release(handle: TextIO) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()
