"""A real Scrapyd runs the spider from this repository's egg, deployed with scrapyd-deploy.

Scrapyd runs in a Python that sees every installed package except this project (the editable
install is a ``.pth`` hook, which a plain path entry does not run), so whatever the crawl
imports comes from the egg: a package or data file missing from it fails the crawl.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from tests.crawlkit import Site, SiteFactory, records, summaries

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "idn_crawler"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "IDN_RETRY_BACKOFF_BASE": "0.05"}
# Generous: two loaded cores, a Scrapyd start-up, an egg listing and a crawl in subprocesses.
START_DEADLINE = 120.0
JOB_DEADLINE = 300.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def python_without_project(where: Path) -> Path:
    """A virtualenv whose site-packages lists this interpreter's import path, minus the checkout."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True, cwd=where).stdout.strip()  # fmt: skip
    # Every import path but the checkout's own (a virtualenv inside the checkout stays).
    paths = [p for p in sys.path if p and Path(p).is_dir() and not _holds_the_project(Path(p))]
    Path(site, "outer.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")
    return python


def _holds_the_project(path: Path) -> bool:
    return path.resolve() == ROOT.resolve() or any(
        (path / name).is_dir() for name in ("idn_crawler", "pipelines")
    )


def scrapyd_config(home: Path, port: int) -> str:
    dirs = {name: home / name for name in ("eggs", "logs", "items", "dbs")}
    lines = [f"{name}_dir = {path}" for name, path in dirs.items()]
    return "\n".join(["[scrapyd]", "bind_address = 127.0.0.1", f"http_port = {port}",
                      "poll_interval = 0.5", "max_proc = 1", *lines, ""])  # fmt: skip


def get_json(url: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    body = urlencode(data, doseq=True).encode() if data is not None else None
    with urlopen(url, body, timeout=30) as response:
        return dict(json.loads(response.read()))


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(encoding="utf-8")[-3000:]
        try:
            if get_json(url + "daemonstatus.json")["status"] == "ok":
                return
        except (URLError, ConnectionError):
            pass  # not listening yet
        time.sleep(0.5)
    raise AssertionError(f"no Scrapyd after {START_DEADLINE} s: {log.read_text('utf-8')[-3000:]}")


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(scrapyd_config(home, port), encoding="utf-8")
    python = python_without_project(tmp_path / "env")
    check = [str(python), "-c", "import importlib.util as u; print(u.find_spec('idn_crawler'))"]
    found = subprocess.run(check, capture_output=True, text=True, cwd=home, check=True).stdout.strip()
    assert found == "None", f"Scrapyd's Python must not see the checkout: {found}"
    log = home / "scrapyd.out"
    with log.open("wb") as out:
        # Its own session, so the jobs it starts go down with it.
        process = subprocess.Popen([str(python), "-m", "scrapyd"], cwd=home, stdout=out, stderr=out,
                                   env={**os.environ, "HOME": str(home)}, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:  # it never came up, or died: nothing left to stop
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)


def checkout_files() -> set[Path]:
    found = set()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        found |= {Path(folder, f).relative_to(ROOT) for f in files}
    return found


def deploy(url: str, work: Path) -> dict[str, Any]:
    """Build the egg from the checkout and upload it with scrapyd-deploy, run in the checkout."""
    egg = work / "idn_crawler.egg"
    subprocess.run([sys.executable, "tools/scrapyd_egg.py", str(egg)], cwd=ROOT, check=True, timeout=300)
    # The target lives in a user config file, so the repository's scrapy.cfg stays as it is.
    (work / "scrapy.cfg").write_text(f"[deploy:scrapyd-test]\nurl = {url}\nproject = {PROJECT}\n", "utf-8")
    command = [str(Path(sys.executable).with_name("scrapyd-deploy")), "scrapyd-test", "--egg", str(egg)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "XDG_CONFIG_HOME": str(work)})  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout))


def egg_contents(egg: Path) -> tuple[set[str], str]:
    with zipfile.ZipFile(egg) as archive:
        return set(archive.namelist()), archive.read("EGG-INFO/entry_points.txt").decode()


def schedule(url: str, site: Site, output: Path) -> str:
    settings = {"IDN_MIRROR": site.origin, "IDN_OUTPUT_DIR": str(output), **FAST}
    data = {"project": PROJECT, "spider": "idntimes", "sections": "news",
            "setting": [f"{name}={value}" for name, value in settings.items()]}  # fmt: skip
    answer = get_json(url + "schedule.json", data)
    assert answer["status"] == "ok", answer
    return str(answer["jobid"])


def wait_for_job(url: str, job: str) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_DEADLINE
    while time.monotonic() < deadline:
        jobs = get_json(url + f"listjobs.json?project={PROJECT}")
        for finished in jobs["finished"]:
            if finished["id"] == job:
                return dict(finished)
        time.sleep(1)
    raise AssertionError(f"job {job} did not finish within {JOB_DEADLINE} s")


def test_scrapyd_runs_the_deployed_egg_and_the_checkout_stays_clean(
    tmp_path: Path, scrapyd: str, make_site: SiteFactory
) -> None:
    before = checkout_files()
    answer = deploy(scrapyd, tmp_path)
    assert (answer["status"], answer["project"], answer["spiders"]) == ("ok", PROJECT, 1), answer
    assert checkout_files() == before  # no setup.py, build/, *.egg-info or egg written into it

    names, entry_points = egg_contents(tmp_path / "idn_crawler.egg")
    assert "[scrapy]\nsettings = idn_crawler.settings" in entry_points
    assert {"pipelines/store.py", "idn_crawler/record/article.schema.json",
            "idn_crawler/testsite/sample/index.html"} <= names  # fmt: skip
    assert not any(name.startswith(("tests/", "bench/", "tools/")) for name in names)

    site = make_site(articles=10).start()
    job = wait_for_job(scrapyd, schedule(scrapyd, site, tmp_path / "out"))
    site.stop()
    log = tmp_path / "scrapyd" / "logs" / PROJECT / "idntimes" / f"{job['id']}.log"
    wanted = {a.url for a in site.articles if a.section == "news"}
    assert wanted, "the fixture site has no news article"
    assert {r["url"] for r in records(tmp_path / "out")} == wanted, log.read_text(encoding="utf-8")[-3000:]
    assert summaries(tmp_path / "out")[-1]["exit_code"] == 0
