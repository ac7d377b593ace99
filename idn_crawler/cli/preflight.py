"""Checks of every path ``idn-crawl run`` will write, before the lock and before any request.

A path that is plainly the wrong kind (the output directory is a file, the state is a
directory, the log's directory does not exist) is a bad argument: exit 64. A path of the
right kind that cannot be written (read-only, no permission, disk full) is ``Unwritable``:
exit 1. Either way one line names the path and what to do, and nothing is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from idn_crawler.config import IdnSettings
from idn_crawler.spiders.arguments import BadArgument


class Unwritable(RuntimeError):
    """A path the run must write and cannot."""


def check_paths(config: IdnSettings, log_file: str | None, jobdir: str | None) -> None:
    output, state = config.output_dir, config.state_path
    _directory(output, "the output directory", "--output or IDN_OUTPUT_DIR")
    for sub in (output / "runs", output / "articles"):
        _directory(sub, "the output's subdirectory", "move it away")
    _file(state, "the crawl state", "--state or IDN_STATE_PATH")
    if jobdir is not None:
        _directory(Path(jobdir), "--resume", "give a directory")
    if log_file is not None:
        _log_file(Path(log_file))
    for directory in (output, *(d for d in (output / "runs", output / "articles") if d.exists())):
        _writable_dir(directory, "the output directory", "--output")
    _writable_dir(state.parent, "the crawl state's directory", "--state")
    if state.exists():
        _writable_file(state, "the crawl state", "--state")
    if jobdir is not None:
        _writable_dir(Path(jobdir), "the --resume directory", "--resume")


def _directory(path: Path, what: str, hint: str) -> None:
    """``path`` is a directory, or can become one (no file in the way)."""
    blocker = _first_existing(path)
    if not blocker.is_dir():
        where = "" if blocker == path else f" ({blocker} is a file)"
        raise BadArgument(f"{what} {path} is not a directory{where}; {hint}")


def _file(path: Path, what: str, hint: str) -> None:
    if path.is_dir():
        raise BadArgument(f"{what} {path} is a directory, not a file; give a file path ({hint})")
    _directory(path.parent, f"{what}'s directory", hint)


def _log_file(path: Path) -> None:
    if path.is_dir():
        raise BadArgument(f"--log-file {path} is a directory; give a file path")
    if not path.parent.is_dir():
        raise BadArgument(f"--log-file {path}: the directory {path.parent} does not exist; create it first")
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise Unwritable(
            f"cannot write the log file {path} ({exc.strerror}); fix it or change --log-file"
        ) from None


def _first_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _writable_dir(path: Path, what: str, option: str) -> None:
    """Really create and remove a file: permission bits say nothing for root or read-only mounts."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path, prefix=".idn-crawl-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise Unwritable(
            f"cannot write in {what} {path} ({exc.strerror}); make it writable or choose another {option}"
        ) from None


def _writable_file(path: Path, what: str, option: str) -> None:
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError as exc:
        raise Unwritable(
            f"cannot write {what} {path} ({exc.strerror}); make it writable or choose another {option}"
        ) from None
