"""Days of runs written by the real pipelines in-process (parse -> validate -> dedupe -> store),
for what needs parts on past days: compaction. The store dates a part by the clock when
it opens it, so each run here is given its day's clock; everything else is the real code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from unittest import mock

from scrapy.exceptions import DropItem

import pipelines.store
from idn_crawler.crawl.report import RunReport
from idn_crawler.parsers.article import parse_article
from idn_crawler.reparse.rebuild import ArchiveStats
from idn_crawler.storage.state import CrawlState
from idn_crawler.testsite.generate import Article, generate_site
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline
from pipelines.validate import ValidatePipeline


@contextmanager
def clock_on(day: date, hour: int) -> Iterator[None]:
    moment = datetime.combine(day, time(hour), tzinfo=UTC)

    class OnThatDay(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> OnThatDay:  # type: ignore[override]
            return moment  # type: ignore[return-value]

    with mock.patch.object(pipelines.store, "datetime", OnThatDay):
        yield


def page_of(root: Path, article: Article) -> str:
    return (root / article.path.lstrip("/") / "index.html").read_text(encoding="utf-8")


def store_run(output: Path, day: date, hour: int, pages: list[tuple[str, str]]) -> None:
    """One run on ``day``: each (url, html) through the real pipelines, one record a part."""
    run_id = f"{day:%Y%m%d}T{hour:02d}0000Z-{hour:06x}"
    state, stats = CrawlState(output / "state.sqlite3"), ArchiveStats()
    try:
        store = StorePipeline(output, run_id, state, stats, max_records=1, max_seconds=0)
        dedupe, validate = DedupePipeline(state, stats), ValidatePipeline(stats)
        with clock_on(day, hour):
            store.open_spider()
            for url, html in pages:
                crawled = datetime.combine(day, time(hour), tzinfo=UTC).isoformat()
                with suppress(DropItem):
                    store.process_item(
                        dedupe.process_item(validate.process_item(parse_article(html, url, crawled)))
                    )
            store.close_spider()
        RunReport(output, run_id, stats, {}, 1.0).close("finished")
    finally:
        state.close()


def build_days(site_root: Path, output: Path, days: list[date], runs_per_day: int = 3) -> None:
    """Each day, ``runs_per_day`` runs; each run publishes a few new articles and a new
    version of one older article (its page edited), one record a part."""
    articles = generate_site(site_root, 40)
    fresh = iter(articles)
    published: list[Article] = []
    for day in days:
        for run in range(runs_per_day):
            batch = [next(fresh) for _ in range(3)]
            pages = [(a.url, page_of(site_root, a)) for a in batch]
            if published:
                old = published[(len(published) * 7) % len(published)]
                edited = page_of(site_root, old).replace("</p>", f" Pembaruan {day} {run}.</p>", 1)
                pages.append((old.url, edited))
            store_run(output, day, 6 + run, pages)
            published += batch
