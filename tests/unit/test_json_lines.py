"""Every output line is one record for every reader: the line separators json.dumps
leaves raw (U+0085, U+2028, U+2029) are escaped, in the parts and on ``idn-crawl parse``'s stdout."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from idn_crawler.cli.parse import run_parse
from idn_crawler.record.lines import json_line
from idn_crawler.storage.parts import Part, read_part
from tests.helpers import html_of

# Every character Python's str.splitlines() or JavaScript reads as a line break, besides "\n".
BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def test_json_line_escapes_every_line_break_and_round_trips() -> None:
    record = {"title": f"a{BREAKS}b", f"k\u2028{BREAKS}": [f"x{c}y" for c in BREAKS]}
    line = json_line(record)
    assert line.endswith("\n") and line.count("\n") == 1
    assert line.splitlines() == [line[:-1]]
    assert not set(BREAKS) & set(line)
    assert json.loads(line) == record


@pytest.mark.parametrize("compress", [False, True])
def test_a_part_holds_one_line_per_record(tmp_path: Path, compress: bool) -> None:
    final = tmp_path / ("part.jsonl.gz" if compress else "part.jsonl")
    part = Part(final, compress)
    records = [{"n": n, "body": f"paragraf{BREAKS[n]}berikutnya"} for n in range(len(BREAKS))]
    for record in records:
        part.write(record)
    part.publish()
    raw = final.read_bytes()
    text = (gzip.decompress(raw) if compress else raw).decode("utf-8")
    assert len(text.splitlines()) == len(records)
    assert read_part(final) == records


def test_parse_stdout_holds_one_line_per_record(tmp_path: Path) -> None:
    html = html_of("article-editorial")
    # An author's profile link is written as the page has it: the breaks reach the record.
    profile = "https://www.idntimes.com/author/dimas-prasetyo-nugroho-p8dzn"
    assert f'"url":"{profile}"' in html
    (tmp_path / "a.html").write_text(html.replace(profile, profile + BREAKS, 1), encoding="utf-8")
    (tmp_path / "b.html").write_text(html, encoding="utf-8")
    out = io.StringIO()
    assert run_parse([str(tmp_path)], None, out, io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["authors"][0]["url"] == profile + BREAKS.replace("\r", "")  # urllib drops CR from URLs
    assert second["authors"][0]["url"] == profile
