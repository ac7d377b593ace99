"""Storage faults as operators meet them: each is one line naming the path and what to do,
the right exit code, nothing fetched and the dataset untouched."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.crawlkit import Site, SiteFactory, crawl, crawl_once, published_files, summaries
from tests.e2e.readonly import read_only


def _fingerprint(root: Path) -> dict[str, str]:
    """Every file under ``root`` and a hash of its bytes (lock files only say who ran last)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, make_module_site: SiteFactory) -> Site:
    return make_module_site(tmp_path_factory.mktemp("faults") / "site", articles=4).start()


@pytest.fixture
def dataset(served: Site, tmp_path: Path) -> Path:
    """An output directory a first, good run filled."""
    out = tmp_path / "out"
    assert crawl(served, out).returncode == 0
    served.forget_requests()
    return out


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr[-3000:]
    assert "Traceback" not in stderr
    return lines[0]


def test_read_only_output_directory_exits_1_naming_it(served: Site, dataset: Path) -> None:
    before = _fingerprint(dataset)
    with read_only(dataset):
        result = crawl(served, dataset)
    line = _one_line(result.stderr)
    assert result.returncode == 1
    assert f"cannot write in the output directory {dataset} (Read-only file system)" in line
    assert "make it writable or choose another --output" in line
    assert served.requests() == [] and _fingerprint(dataset) == before


def test_read_only_runs_directory_is_found_before_the_crawl(served: Site, dataset: Path) -> None:
    before = _fingerprint(dataset)
    with read_only(dataset / "runs"):
        result = crawl(served, dataset)
    assert result.returncode == 1
    assert f"{dataset / 'runs'} (Read-only file system)" in _one_line(result.stderr)
    assert served.requests() == [] and _fingerprint(dataset) == before


def test_output_path_that_is_a_file_exits_64(served: Site, tmp_path: Path) -> None:
    target = tmp_path / "data.txt"
    target.write_text("not a directory\n", encoding="utf-8")
    result = crawl(served, target)
    assert result.returncode == 64
    assert f"the output directory {target} is not a directory" in _one_line(result.stderr)
    assert target.read_text(encoding="utf-8") == "not a directory\n" and served.requests() == []


def test_output_path_below_a_file_exits_64(served: Site, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = crawl(served, tmp_path / "file" / "out")
    assert result.returncode == 64
    assert f"({tmp_path / 'file'} is a file)" in _one_line(result.stderr)


def test_state_path_that_is_a_directory_exits_64(served: Site, tmp_path: Path) -> None:
    state = tmp_path / "state-dir"
    state.mkdir()
    result = crawl(served, tmp_path / "out", "--state", str(state))
    assert result.returncode == 64
    assert f"the crawl state {state} is a directory, not a file" in _one_line(result.stderr)
    assert list(state.iterdir()) == [] and served.requests() == []


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda data: os.urandom(len(data)), "file is not a database"),
        (lambda data: b"", "empty file"),
        (_truncated, "database disk image is malformed"),
        (lambda data: data[:100], "database disk image is malformed"),
    ],
    ids=["random-bytes", "emptied", "truncated-half", "truncated-to-header"],
)
def test_corrupt_state_exits_1_and_is_never_replaced(
    served: Site, dataset: Path, damage: Callable[[bytes], bytes], why: str
) -> None:
    state = dataset / "state.sqlite3"
    state.write_bytes(damage(state.read_bytes()))
    before = _fingerprint(dataset)
    result = crawl(served, dataset)
    line = _one_line(result.stderr)
    assert result.returncode == 1
    assert f"crawl state {state} is unreadable ({why}); nothing done" in line
    assert "Restore it from a backup, or move it away" in line
    assert served.requests() == []
    assert _fingerprint(dataset) == before  # not replaced by a new, empty state; no run summary


def test_unwritable_log_file_exits_1(served: Site, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    (logs / "crawl.log").parent.mkdir()
    (logs / "crawl.log").write_text("old\n", encoding="utf-8")
    with read_only(logs):
        result = crawl(served, tmp_path / "out", "--log-file", str(logs / "crawl.log"))
    assert result.returncode == 1
    assert f"cannot write the log file {logs / 'crawl.log'} (Read-only file system)" in _one_line(
        result.stderr
    )
    assert served.requests() == []


def test_a_good_run_after_the_fault_is_fixed_still_works(tmp_path: Path, make_site: SiteFactory) -> None:
    """The checks refuse bad paths only: the same dataset, writable again, takes a run."""
    site = make_site(articles=3)
    out = tmp_path / "out"
    with read_only(out):
        assert crawl_once(site, out).returncode == 1
    result = crawl_once(site, out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(published_files(out)) == 1 and len(summaries(out)) == 1


def test_a_state_found_corrupt_as_the_crawl_opens_it_is_raised_not_logged(tmp_path: Path) -> None:
    """The pre-check's fallback: ``run_crawl`` itself (which ``idn-crawl run`` calls after the
    checks) hands a ``StateCorrupt`` raised inside Scrapy back to its caller."""
    state = tmp_path / "state.sqlite3"
    state.write_bytes(os.urandom(4096))
    code = (
        "import sys\n"
        "from idn_crawler.cli.process import project_settings, run_crawl\n"
        "from idn_crawler.storage.state import StateCorrupt\n"
        "settings = project_settings({'IDN_OUTPUT_DIR': sys.argv[1], 'IDN_MIRROR': 'http://127.0.0.1:9'})\n"
        "try:\n"
        "    run_crawl(settings, {})\n"
        "except StateCorrupt as exc:\n"
        "    print('raised:', exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"raised: crawl state {state} is unreadable (file is not a database)" in result.stdout
    assert "Traceback" not in result.stderr and "Unhandled error" not in result.stderr
