"""A directory that really refuses writes, even to root (the tests run as root, where
permission bits stop nothing): the directory bind-mounted read-only onto itself."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
        probe = path / ".probe"
        try:
            probe.touch()
        except OSError:
            pass
        else:
            raise AssertionError(f"{path} is still writable after a read-only bind mount")
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)
