"""The analytics meta layer's rules: pillars, names in one string, the site's UUID, and the
more precise of two readings of one moment (idn_crawler/parsers/layer.py)."""

from __future__ import annotations

import pytest

from idn_crawler.parsers import parse_article
from idn_crawler.parsers.layer import content_id, is_pillar, most_precise, names, pillar_of
from tests.helpers import article_case

UUID = "019d5b74-047f-72a6-a5d7-e0fa29a11cef"


@pytest.mark.parametrize(
    "keyword",
    ["Update me", "educate me", "DIVERT ME", "Give me  Perspective", "keep me on trend", "Inspire me"],
)
def test_pillars_known_and_of_the_shape(keyword: str) -> None:
    assert is_pillar(keyword)


@pytest.mark.parametrize(
    "keyword",
    ["Update", "Meme", "Tell me why you cry", "Tolong aku", "Marvel Cinematic Universe", "Keep Calm"],
)
def test_topics_are_not_pillars(keyword: str) -> None:
    assert not is_pillar(keyword)


def test_the_first_pillar_wins_spelled_as_the_site_spells_it() -> None:
    assert pillar_of(["Anime", "keep me on trend", "Educate me"]) == "Keep me on Trend"
    assert pillar_of(["Anime", "Inspire  me"]) == "Inspire me"
    assert pillar_of(["Anime", "Meme"]) is None


def test_names_in_one_string_are_split_and_trimmed() -> None:
    assert names("Achmad Fatkhur Rozi,Misrohatun H,Retno Rahayu") == [
        "Achmad Fatkhur Rozi", "Misrohatun H", "Retno Rahayu"
    ]  # fmt: skip
    assert names("Zahrotustianah ") == ["Zahrotustianah"]
    assert names("Yudha \u200e") == ["Yudha"]
    assert names("\ufeffYudha,yudha , ,") == ["Yudha"]
    assert names(None) == []


def test_content_id_from_the_layer_else_the_app_link() -> None:
    assert content_id(UUID.upper(), None) == UUID
    assert content_id(" not-a-uuid ", f"idnapp://news/{UUID}") == UUID
    assert content_id(None, f"idnapp://article/hype/x/{UUID}") is None
    assert content_id("", "") is None


def test_a_reading_with_seconds_beats_one_with_minutes_of_the_same_minute() -> None:
    assert (
        most_precise(["2026-04-05T10:21:00+07:00", "2026-04-05T10:21:40+07:00"])
        == "2026-04-05T10:21:40+07:00"
    )
    # Same moment in another zone: the first reading's zone is kept.
    assert (
        most_precise(["2026-04-05T03:21:00+00:00", "2026-04-05T10:21:40+07:00"])
        == "2026-04-05T03:21:40+00:00"
    )


def test_readings_that_disagree_keep_the_first() -> None:
    assert (
        most_precise(["2026-04-05T10:20:00+07:00", "2026-04-05T10:21:40+07:00"])
        == "2026-04-05T10:20:00+07:00"
    )
    assert (
        most_precise(["2026-04-05T10:21:05+07:00", "2026-04-05T10:21:40+07:00"])
        == "2026-04-05T10:21:05+07:00"
    )
    assert most_precise([]) is None


def layer_page(**replace: str) -> tuple[str, str | None]:
    html, url, _ = article_case("live-jsonld-and-layer")
    for old, new in replace.items():
        assert old in html
        html = html.replace(old, new)
    return html, url


def test_a_layer_date_of_another_minute_does_not_override_json_ld() -> None:
    html, url = layer_page(
        **{
            '"2026-04-05 08:47:44" name="content_published_date"': '"2026-04-05 08:52:44" name="content_published_date"'
        }
    )
    assert parse_article(html, url)["published_at"] == "2026-04-05T08:47:00+07:00"


def test_a_team_block_without_an_editor_leaves_the_editors_to_the_layer() -> None:
    html, url = layer_page(**{"<span>Editor</span>": "<span>Writer</span>"})
    assert parse_article(html, url)["editors"] == [{"name": "Zahrotustianah", "url": None}]


def test_json_ld_keywords_that_are_only_a_pillar_leave_the_tags_to_the_meta_layer() -> None:
    html, url = layer_page(
        **{'"keywords": "Anggun C Sasmi, Wawancara Hype"': '"keywords": "Keep me on Trend"'}
    )
    record = parse_article(html, url)
    assert record["tags"] == ["Anggun C Sasmi", "Wawancara Hype"]
    assert record["pillar"] == "Keep me on Trend"
