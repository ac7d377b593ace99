"""Conditional requests and sitemap lastmods, end to end: real crawls of a local site whose
server honours If-None-Match / If-Modified-Since, or sends validators and ignores them."""

from __future__ import annotations

import gzip
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from idn_crawler.testsite.generate import ORIGIN, Article
from idn_crawler.testsite.markup import render_article, sitemap
from idn_crawler.testsite.model import BASE_TIME, SECTIONS
from tests.crawlkit import Site, SiteFactory, crawl, records, summaries

WEB_CHILDREN = {f"/{s}/sitemap-web.xml" for s in SECTIONS}
NEWS_CHILDREN = {f"/{s}/sitemap-news.xml" for s in SECTIONS}
LISTINGS = {
    "/",
    *(f"/{s}" for s in SECTIONS),
    *(f"/{s}/{sub}" for s, subs in SECTIONS.items() for sub in subs),
}
CHANGED_AT = BASE_TIME + timedelta(days=1)


def statuses(out: Path, summary: dict[str, Any]) -> dict[str, list[int]]:
    """Path -> the statuses of its responses in one run, as its WARC files archived them."""
    found: dict[str, list[int]] = {}
    for name in summary["archive"]["files"]:
        with gzip.open(out / name, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    path = record.rec_headers.get_header("WARC-Target-URI").removeprefix(ORIGIN) or "/"
                    found.setdefault(path, []).append(int(record.http_headers.get_statuscode()))
    return found


def _write(site: Site, path: str, text: str) -> None:
    target = site.root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _twin(article: Article, index: int, title: str) -> Article:
    return replace(
        article, index=index, title=title, published=CHANGED_AT, modified=CHANGED_AT, sitemap_only=True
    )


def change_sport(site: Site) -> dict[str, Article]:
    """A day later in one section only: a sport article edited (its rail now links a new article
    no hub or sitemap lists) and a new one listed only in sport's sitemap; the index gives sport's
    children a new lastmod, every other file is as it was."""
    sport = [a for a in site.articles if a.section == "sport"]
    edited = sport[0]
    rail_only = _twin(edited, 901, "Kabar Rel Baru Hanya Di Rel Artikel")
    sitemap_only = _twin(edited, 902, "Kabar Peta Situs Baru Hanya Di Sitemap")
    edited.modified = CHANGED_AT
    for article, latest in ((rail_only, []), (sitemap_only, []), (edited, [rail_only])):
        _write(site, article.path + "/index.html", render_article(article, latest, []))
    entries = [(a.url, a.modified) for a in [*sport, sitemap_only]]
    _write(site, "/sport/sitemap-web.xml", sitemap(entries))
    children = []
    for section in SECTIONS:
        newest = (
            CHANGED_AT
            if section == "sport"
            else max(a.modified for a in site.articles if a.section == section)
        )
        children += [
            (f"{ORIGIN}/{section}/sitemap-web.xml", newest),
            (f"{ORIGIN}/{section}/sitemap-news.xml", newest),
        ]
    _write(site, "/sitemap.xml", sitemap(children, index=True))
    return {"edited": edited, "rail_only": rail_only, "sitemap_only": sitemap_only}


def _runs(site: Site, out: Path) -> dict[str, Any]:
    site.start()
    first = crawl(site, out)
    first_log = site.requests()
    site.forget_requests()
    second = crawl(site, out)
    second_log = site.requests()
    site.forget_requests()
    changed = change_sport(site)
    third = crawl(site, out)
    third_log = site.requests()
    site.stop()
    return {
        "site": site, "out": out, "results": (first, second, third), "logs": (first_log, second_log, third_log),
        "summaries": summaries(out), "changed": changed,
    }  # fmt: skip


@pytest.fixture(scope="module", params=[True, "ignore"], ids=["honoured", "ignored"])
def three_runs(
    request: pytest.FixtureRequest, make_module_site: SiteFactory, tmp_path_factory: Any
) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("conditional")
    site = make_module_site(base / "site", articles=30)
    site.rules({"*": {"conditional": request.param}})
    return {**_runs(site, base / "out"), "honoured": request.param is True}


def test_every_run_exits_0_without_drift(three_runs: dict[str, Any]) -> None:
    for result in three_runs["results"]:
        assert result.returncode == 0, result.stderr[-3000:]
    assert all(not s["problems"] for s in three_runs["summaries"])


def test_an_unchanged_site_answers_304_where_the_server_honours_validators(
    three_runs: dict[str, Any],
) -> None:
    first, second, _ = three_runs["summaries"]
    assert first["counts"]["not_modified"] == 0
    if three_runs["honoured"]:
        answered = statuses(three_runs["out"], second)
        assert {path for path, codes in answered.items() if codes == [304]} >= {
            "/robots.txt",
            "/sitemap.xml",
        } | LISTINGS
        assert second["counts"]["not_modified"] == len(
            [c for codes in answered.values() for c in codes if c == 304]
        )
        assert second["counts"]["listings"] == 0  # a 304 is not parsed
    else:  # the same bodies again, read again: nothing lost, nothing new
        assert second["counts"]["not_modified"] == 0
        assert second["counts"]["listings"] == first["counts"]["listings"]
    assert second["counts"]["articles_new"] == second["counts"]["articles_written"] == 0


def test_a_second_run_over_an_unchanged_site_fetches_no_unchanged_child(three_runs: dict[str, Any]) -> None:
    first_log, second_log, _ = three_runs["logs"]
    assert set(first_log) >= WEB_CHILDREN
    assert not WEB_CHILDREN & set(second_log)
    assert set(second_log) >= NEWS_CHILDREN  # the Google News sitemaps are read every run
    assert three_runs["summaries"][1]["counts"]["sitemaps_unchanged"] == len(WEB_CHILDREN)
    articles = {a.path for a in three_runs["site"].articles}
    assert not articles & set(second_log)


def test_after_one_section_changes_only_its_child_and_the_news_sitemaps_are_fetched(
    three_runs: dict[str, Any],
) -> None:
    third_log = set(three_runs["logs"][2])
    sitemaps = {path for path in third_log if path.endswith(".xml")}
    assert sitemaps == {"/sitemap.xml", "/sport/sitemap-web.xml", *NEWS_CHILDREN}
    third = three_runs["summaries"][2]
    answered = statuses(three_runs["out"], third)
    assert answered["/sport/sitemap-web.xml"] == [200]
    assert third["counts"]["sitemaps_unchanged"] == len(WEB_CHILDREN) - 1


def test_articles_only_in_the_sitemaps_or_rails_are_found_while_hubs_answer_304(
    three_runs: dict[str, Any],
) -> None:
    changed = three_runs["changed"]
    third = three_runs["summaries"][2]
    answered = statuses(three_runs["out"], third)
    if three_runs["honoured"]:
        assert all(answered[path] == [304] for path in LISTINGS)
    written = {r["url"]: r for r in records(three_runs["out"])}
    assert changed["sitemap_only"].url in written and changed["rail_only"].url in written
    assert written[changed["edited"].url]["version"] == 2
    assert third["counts"]["articles_new"] == 2 and third["counts"]["articles_updated"] == 1
    fetched = {
        path for path in three_runs["logs"][2] if path in {a.path for a in three_runs["site"].articles}
    }
    assert fetched == {changed["edited"].path}  # and the two new ones: no known article again


def _state(out: Path) -> sqlite3.Connection:
    return sqlite3.connect(out / "state.sqlite3")


def test_a_run_that_lost_a_page_keeps_no_validator_and_the_next_finds_it(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site = make_site(articles=30)
    victim = next(a for a in site.articles if a.section == "business" and not a.sitemap_only)
    site.rules({"*": {"conditional": True}, victim.path: {"status": 503}})
    out = tmp_path / "out"
    site.start()
    first = crawl(site, out)
    with _state(out) as db:
        kept = db.execute("SELECT COUNT(*) FROM validators").fetchone()[0]
        reads = db.execute("SELECT COUNT(*) FROM sitemap_reads").fetchone()[0]
    site.rules({"*": {"conditional": True}})
    site.forget_requests()
    second = crawl(site, out)
    second_log = site.requests()
    site.stop()
    assert first.returncode == 0, first.stderr[-2000:]  # one URL of many: under the error rate
    assert summaries(out)[0]["counts"]["urls_failed"] == 1
    assert (kept, reads) == (0, 0)  # a run that lost a page leaves nothing to revalidate with
    assert second.returncode == 0 and set(second_log) >= WEB_CHILDREN
    assert summaries(out)[1]["counts"]["not_modified"] == 0
    assert victim.url in {r["url"] for r in records(out)}
    with _state(out) as db:
        assert db.execute("SELECT COUNT(*) FROM sitemap_reads").fetchone()[0] == len(
            WEB_CHILDREN | NEWS_CHILDREN
        )


def test_an_old_full_read_is_reconciled_and_refresh_reads_everything(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site = make_site(articles=30)
    site.rules({"*": {"conditional": True}})
    out = tmp_path / "out"
    site.start()
    crawl(site, out)
    eight_days_ago = (datetime.now(UTC) - timedelta(days=8)).isoformat()
    with _state(out) as db:
        db.execute(
            "UPDATE sitemap_reads SET read_at = ? WHERE url LIKE '%/news/sitemap-web.xml'", (eight_days_ago,)
        )
    logs, results = [], []
    for args, env in (((), {}), ((), {"IDN_SITEMAP_RECONCILE": "0"}), (("--refresh",), {})):
        site.forget_requests()
        results.append(crawl(site, out, *args, env=env))
        logs.append(set(site.requests()))
    site.stop()
    assert all(r.returncode == 0 for r in results), [r.stderr[-2000:] for r in results]
    reconciled, every, refreshed = summaries(out)[1:]
    # Past the period (7 days by default): read in full without validators, whatever its lastmod.
    assert WEB_CHILDREN & logs[0] == {"/news/sitemap-web.xml"}
    assert statuses(out, reconciled)["/news/sitemap-web.xml"] == [200]
    assert reconciled["counts"]["sitemaps_reconciled"] == 1
    # A period of 0: every child every run, in full.
    assert logs[1] >= WEB_CHILDREN and every["counts"]["sitemaps_reconciled"] == len(
        WEB_CHILDREN | NEWS_CHILDREN
    )
    assert all(statuses(out, every)[path] == [200] for path in WEB_CHILDREN)
    # refresh: no validators anywhere, every sitemap and listing read in full.
    answered = statuses(out, refreshed)
    assert logs[2] >= WEB_CHILDREN and refreshed["counts"]["not_modified"] == 0
    assert all(answered[path] == [200] for path in WEB_CHILDREN | NEWS_CHILDREN | LISTINGS | {"/robots.txt"})


def test_a_robots_txt_that_answers_304_is_obeyed_as_kept(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(articles=30)
    private = next(a for a in site.articles if a.sitemap_only)
    robots = site.root / "robots.txt"
    rules = robots.read_text(encoding="utf-8").replace(
        "Disallow: /ajax/\n", f"Disallow: /ajax/\nDisallow: {private.path}\n"
    )
    robots.write_text(rules, encoding="utf-8")
    site.rules({"*": {"conditional": True}})
    out = tmp_path / "out"
    site.start()
    results = [crawl(site, out), crawl(site, out, env={"IDN_SITEMAP_RECONCILE": "0"})]  # every child again
    site.stop()
    assert all(r.returncode == 0 for r in results), [r.stderr[-2000:] for r in results]
    first, second = summaries(out)
    assert statuses(out, second)["/robots.txt"] == [304]
    assert "/business/sitemap-web.xml" in statuses(
        out, second
    )  # its Sitemap line, as kept, still leads there
    assert first["counts"]["robots_refused"] == second["counts"]["robots_refused"] == 1
    assert private.path not in site.requests()
