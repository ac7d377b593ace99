"""``idn-crawl status`` in one process: what it reads from a dataset built with the storage layer,
while the crawl state is held open for writing, and what it makes of damaged or odd inputs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from idn_crawler.cli.main import main
from idn_crawler.record.lines import json_line
from idn_crawler.status.charts import nice_ceiling
from idn_crawler.status.html import page
from idn_crawler.status.summary import NoDataset, Paths, gather
from idn_crawler.status.text import format_status, size
from idn_crawler.storage import history
from idn_crawler.storage.state import CrawlState
from tests.helpers import PARSE_TIME, reference_case


def record(article_id: str, published: str, title: str, version: int = 1) -> dict[str, Any]:
    _, _, expected = reference_case("article-editorial")
    url = f"https://www.idntimes.com/news/world/x-00-{article_id}"
    return dict(expected, url=url, article_id=article_id, published_at=published, title=title,
                version=version, crawled_at=PARSE_TIME)  # fmt: skip


def write_part(out: Path, name: str, rows: list[dict[str, Any]], compress: bool = False) -> str:
    relative = f"articles/crawl_date=2020-01-01/{name}.jsonl" + (".gz" if compress else "")
    path = out / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json_line(r) for r in rows).encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return relative


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    first = [record("aaaaa-111111", "2025-11-01T10:00:00+07:00", 'Judul "kutip"\u2028baris'),
             record("bbbbb-222222", "2025-11-03T10:00:00+08:00", "Kedua")]  # fmt: skip
    second = [record("aaaaa-111111", "2025-11-01T10:00:00+07:00", "Judul baru", version=2)]
    state = CrawlState(out / "state.sqlite3")
    state.publish(((r, None) for r in first), write_part(out, "run1-00001", first))
    state.publish(((r, None) for r in second), write_part(out, "run2-00001", second, compress=True))
    for n, share in enumerate([1.0, 1.0, 0.0]):
        history.record_run(state, f"run{n}", f"2026-12-01T0{n}:00:00+00:00", {"tags": share, "title": 1.0}, 9)
    state.mark_gone("https://www.idntimes.com/news/world/gone-00-ccccc-333333", 404)
    state.close()
    (out / "runs").mkdir()
    for n in range(3):
        summary = {"run_id": f"run{n}", "started_at": f"2026-12-01T0{n}:00:00+00:00", "exit_code": 2 if n == 2 else 0,
                   "finish_reason": "finished", "problems": ["field 'tags' ..."] if n == 2 else [],
                   "counts": {"requests": 10 + n, "errors": n}, "coverage_drift": {"tags": "drift"} if n == 2 else {}}  # fmt: skip
        (out / "runs" / f"run{n}.json").write_text(json.dumps(summary), encoding="utf-8")
    (out / "runs" / "broken.json").write_text("{not json", encoding="utf-8")
    return out


def paths(out: Path) -> Paths:
    return Paths(out, out / "state.sqlite3", out / "archive")


def test_the_facts_of_a_small_dataset(out: Path) -> None:
    facts = gather(paths(out))
    assert (facts["articles"], facts["versions"], facts["records"], facts["gone"]) == (2, 3, 3, 1)
    assert facts["sections"] == {"news": 2}
    assert facts["newest"]["article_id"] == "bbbbb-222222"
    assert facts["oldest"]["title"] == "Judul baru"  # the latest version's, escapes read back
    assert facts["published_per_day"] == {"2025-11-01": 1, "2025-11-03": 1}
    assert facts["crawled_per_day"] == {facts["generated_at"][:10]: {"new": 2, "records": 0}} | {
        "2020-01-01": {"new": 0, "records": 3}
    }
    assert [r["run_id"] for r in facts["runs"]] == ["run2", "run1", "run0"]
    assert facts["runs_unreadable"] == ["broken.json"]
    assert facts["coverage"]["runs"][0]["drift"] == {"tags": "drift"}
    assert facts["coverage"]["usual"]["title"] == 1.0 and facts["coverage"]["usual"]["tags"] == 1.0


def test_quick_does_not_read_the_parts(out: Path) -> None:
    for part in (out / "articles").rglob("*.jsonl*"):
        part.write_bytes(b"")  # were they read, they would count nothing
    facts = gather(paths(out), dates=False)
    assert (facts["articles"], facts["records"], facts["newest"], facts["published_per_day"]) == (
        2,
        3,
        None,
        {},
    )
    assert "  newest:" not in format_status(facts) and "Articles per day" in page(facts)


def test_an_escaped_title_in_a_part_is_read_as_the_record_says(out: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    odd = record("ddddd-444444", "2025-10-01T10:00:00+07:00", 'Judul "kutip"\u2028baris')
    write_part(other, "run-00001", [odd])
    (other / "runs").mkdir()
    assert gather(paths(other))["oldest"]["title"] == 'Judul "kutip"\u2028baris'


def test_it_reads_while_a_crawl_holds_the_state_for_writing(out: Path) -> None:
    writer = CrawlState(out / "state.sqlite3")  # holds the state's lock, as a running crawl does
    try:
        more = [record("eeeee-555555", "2025-11-05T10:00:00+07:00", "Baru")]
        writer.publish(((r, None) for r in more), write_part(out, "run3-00001", more))
        assert gather(paths(out))["articles"] == 3
    finally:
        writer.close()


def test_the_lines_and_the_page_are_made_from_the_facts(out: Path) -> None:
    facts = gather(paths(out))
    text = format_status(facts)
    assert text.splitlines()[0] == f"dataset {out}: 2 articles, 3 versions, 1 URLs gone"
    assert "  DRIFT tags: 0% (usual 100%) in run run2" in text.splitlines()
    assert "unreadable run summaries: broken.json" in text
    html = page(facts)
    assert html.count('class="cell drift"') == 1 and "<script" not in html


def test_no_dataset_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(NoDataset, match="no dataset in"):
        gather(paths(tmp_path / "none"))


def test_bad_options_exit_64(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["status", "--output", str(out), "--runs", "0"])
    assert exited.value.code == 64
    assert "--runs" in capsys.readouterr().err


def test_an_unwritable_page_is_one_line_and_exit_1(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--output", str(out), "--html", str(out / "no" / "such" / "r.html")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err


def test_json_keys_are_the_documented_ones(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--output", str(out), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = readme.split("`idn-crawl status --json` prints", 1)[1].split("\n\n", 1)[0]
    assert all(f"`{key}`" in documented for key in facts), [k for k in facts if f"`{k}`" not in documented]


def test_sizes_and_axes_read_as_people_expect() -> None:
    assert [size(n) for n in (0, 999, 1000, 164_026, 2_100_000_000)] == [
        "0 B",
        "999 B",
        "1.0 kB",
        "164 kB",
        "2.1 GB",
    ]
    assert [nice_ceiling(n) for n in (0, 3, 5, 30, 999)] == [4, 4, 8, 40, 1000]
