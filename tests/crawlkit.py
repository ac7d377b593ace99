"""A fixture site served by a real HTTP server subprocess, and real crawls against it."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from idn_crawler.testsite.generate import ORIGIN, Article, generate_site

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "IDN_RETRY_BACKOFF_BASE=0.05"]


class Site:
    def __init__(self, root: Path, articles: int = 30, state: int = 1) -> None:
        self.root = root
        self.log = root.parent / f"{root.name}-access.log"
        self.articles: list[Article] = generate_site(root, articles, state)
        self.process: subprocess.Popen[str] | None = None
        self.origin = ""

    def rules(self, rules: dict[str, Any]) -> None:
        (self.root / "_rules.json").write_text(json.dumps(rules), encoding="utf-8")

    def start(self) -> Site:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "idn_crawler.testsite.server", str(self.root), "--access-log", str(self.log)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.origin = line.rsplit(" on ", 1)[1].strip()
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None

    def requests(self) -> list[str]:
        return [target for target, _ in self.timed_requests()]

    def timed_requests(self) -> list[tuple[str, float]]:
        """Each request the site answered, in order: (path?query, Unix time it arrived)."""
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [(target, float(when)) for _, target, when in (line.split(" ") for line in lines)]

    def forget_requests(self) -> None:
        self.log.unlink(missing_ok=True)

    def paths(self, articles: list[Article]) -> set[str]:
        return {a.path for a in articles}


class SiteFactory:
    """Builds sites under one folder; the fixture that owns it stops every one it built.

    A test builds a site, may add rules or edit its files, then calls ``.start()``;
    it never needs to stop it.
    """

    def __init__(self, base: Path) -> None:
        self.base = base
        self.built: list[Site] = []

    def __call__(self, root: Path | None = None, *, articles: int = 30, state: int = 1) -> Site:
        site = Site(root if root is not None else self.base / "site", articles=articles, state=state)
        self.built.append(site)
        return site

    def stop_all(self) -> None:
        for site in self.built:
            site.stop()


def run_command(site: Site, output: Path, *args: str) -> list[str]:
    """``idn-crawl run`` against the fixture site, fast (no delays), as a subprocess command."""
    return [
        sys.executable,
        "-m",
        "idn_crawler.cli",
        "run",
        "--mirror",
        site.origin,
        "--output",
        str(output),
        *FAST,
        *args,
    ]


def crawl(
    site: Site, output: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = run_command(site, output, *args)
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def published_files(output: Path) -> list[Path]:
    return sorted(p for p in (output / "articles").glob("crawl_date=*/*") if not p.name.startswith("."))


def records(output: Path) -> list[dict[str, Any]]:
    rows = []
    for path in published_files(output):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as lines:
            rows += [json.loads(line) for line in lines]
    return rows


def summaries(output: Path) -> list[dict[str, Any]]:
    runs = sorted((output / "runs").glob("*.json"), key=lambda p: p.stat().st_mtime)
    return [json.loads(p.read_text(encoding="utf-8")) for p in runs]


def url_of(path: str) -> str:
    return ORIGIN + path


def crawl_once(site: Site, output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Serve the site, run one crawl of it, and stop serving.

    Should the crawl raise, the ``make_site`` fixture that built the site stops it.
    """
    site.start()
    result = crawl(site, output, *args)
    site.stop()
    return result


def link_a_legacy_redirect(site: Site) -> tuple[Article, str]:
    """A card on the home page to a legacy-style address that redirects to a sitemap-only
    article: the article and the legacy path (for tests of redirects and source_url)."""
    target = next(a for a in site.articles if a.sitemap_only)
    legacy = f"/{target.section}/{target.subsection}/penulis-lama/{target.slug.split('-00-')[0]}"
    home = site.root / "index.html"
    card = f'<div><a href="{ORIGIN}{legacy}"><h2 data-cy="ds-card-article-title">Lama</h2></a></div>'
    home.write_text(home.read_text(encoding="utf-8").replace("</main>", card + "</main>"), encoding="utf-8")
    site.rules({legacy: {"redirect": target.url}})
    return target, legacy
