"""IdnSettings: every IDN_ setting reads the same through ``-s`` and the environment,
and every bad value stops ``idn-crawl run`` before any request, exit 64, one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from idn_crawler import settings as defaults
from idn_crawler.cli.main import main
from idn_crawler.config import BadSetting, IdnSettings, known_names

# A value for every setting, as text (as -s and the environment give it), unlike its default.
SAMPLES = {
    "IDN_MIRROR": "http://127.0.0.1:8080",
    "IDN_OUTPUT_DIR": "/srv/idn-data",
    "IDN_STATE_PATH": "/var/lib/idn/state.sqlite3",
    "IDN_SECTIONS": "news,sport",
    "IDN_RETRY_BACKOFF_BASE": "0.5",
    "IDN_RETRY_BACKOFF_MAX": "30",
    "IDN_PART_MAX_RECORDS": "50",
    "IDN_PART_MAX_SECONDS": "12.5",
    "IDN_COMPRESS": "true",
    "IDN_MAX_ERROR_RATE": "0.2",
    "IDN_COVERAGE_THRESHOLDS": '{"title": 1.0}',
    "IDN_RUN_ID": "20260101T000000Z-abcdef",
    "IDN_ARCHIVE": "false",
    "IDN_ARCHIVE_DIR": "/srv/idn-archive",
    "IDN_PROGRESS": "off",
    "IDN_PROGRESS_INTERVAL": "5",
    "IDN_SITEMAP_RECONCILE": "1d",
}

BAD = [
    ("IDN_PART_MAX_RECORDS", "abc"),
    ("IDN_PART_MAX_RECORDS", "0"),
    ("IDN_PART_MAX_RECORDS", "2.5"),
    ("IDN_MAX_ERROR_RATE", "nan"),
    ("IDN_MAX_ERROR_RATE", "-0.1"),
    ("IDN_MAX_ERROR_RATE", "1.5"),
    ("IDN_RETRY_BACKOFF_BASE", "-1"),
    ("IDN_RETRY_BACKOFF_MAX", "inf"),
    ("IDN_PART_MAX_SECONDS", "soon"),
    ("IDN_COMPRESS", "maybe"),
    ("IDN_PROGRESS", "sometimes"),
    ("IDN_PROGRESS_INTERVAL", "0"),
    ("IDN_SECTIONS", "news,sport world"),
    ("IDN_SECTIONS", ""),
    ("IDN_COVERAGE_THRESHOLDS", "title"),
    ("IDN_COVERAGE_THRESHOLDS", '["title"]'),
    ("IDN_COVERAGE_THRESHOLDS", '{"title": 2}'),
    ("IDN_COVERAGE_THRESHOLDS", '{"headline": 1.0}'),
    ("IDN_MIRROR", "127.0.0.1:8080"),
    ("IDN_MIRROR", "http://127.0.0.1:99999"),
    ("IDN_MIRROR", "ftp://mirror"),
    ("IDN_OUTPUT_DIR", ""),
    ("IDN_ARCHIVE", "sometimes"),
]


def from_cmdline(name: str, value: str, environ: dict[str, str] | None = None) -> IdnSettings:
    settings = Settings()
    settings.setmodule(defaults, priority="project")
    settings.set(name, value, priority="cmdline")
    return IdnSettings.from_settings(settings, environ or {})


def from_environment(name: str, value: str) -> IdnSettings:
    settings = Settings()
    settings.setmodule(defaults, priority="project")
    return IdnSettings.from_settings(settings, {name: value})


def test_every_setting_has_a_sample() -> None:
    assert sorted(SAMPLES) == sorted(known_names())


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_setting_reads_the_same_through_s_and_the_environment(name: str) -> None:
    default = IdnSettings.from_settings(_project(), {})
    via_s, via_env = from_cmdline(name, SAMPLES[name]), from_environment(name, SAMPLES[name])
    assert via_s == via_env
    assert via_s != default  # the value was read, not the default


def _project() -> Settings:
    settings = Settings()
    settings.setmodule(defaults, priority="project")
    return settings


def test_typed_values() -> None:
    config = from_cmdline("IDN_SECTIONS", "news, Sport ,news/world")
    assert config.sections == ("news", "sport", "news/world")
    assert from_cmdline("IDN_COMPRESS", "false").compress is False
    assert from_environment("IDN_COMPRESS", "on").compress is True
    assert from_cmdline("IDN_COVERAGE_THRESHOLDS", '{"title": 1, "body": 0.5}').coverage_thresholds == {
        "title": 1.0,
        "body": 0.5,
    }
    assert from_cmdline("IDN_OUTPUT_DIR", "out").state_path == Path("out/state.sqlite3")
    assert from_cmdline("IDN_OUTPUT_DIR", "out").archive_dir == Path("out/archive")
    assert from_environment("IDN_MIRROR", "http://127.0.0.1:8080/").mirror == "http://127.0.0.1:8080"


def test_s_beats_the_environment_beats_the_default() -> None:
    assert from_cmdline("IDN_PART_MAX_RECORDS", "7", {"IDN_PART_MAX_RECORDS": "9"}).part_max_records == 7
    assert from_environment("IDN_PART_MAX_RECORDS", "9").part_max_records == 9
    assert IdnSettings.from_settings(_project(), {}).part_max_records == defaults.IDN_PART_MAX_RECORDS


@pytest.mark.parametrize(("name", "value"), BAD)
def test_bad_values_name_the_setting_and_the_form(name: str, value: str) -> None:
    for read in (from_cmdline, from_environment):
        with pytest.raises(BadSetting, match=rf"^{name}=.*: expected "):
            read(name, value)


def test_an_unknown_name_suggests_the_known_one() -> None:
    with pytest.raises(BadSetting, match="IDN_OUTPUTDIR: no such setting; did you mean IDN_OUTPUT_DIR"):
        from_cmdline("IDN_OUTPUTDIR", "x")
    with pytest.raises(BadSetting, match="IDN_COMPRES: no such setting; did you mean IDN_COMPRESS"):
        from_environment("IDN_COMPRES", "true")


def _run(capsys: pytest.CaptureFixture[str], name: str, *argv: str) -> tuple[int, list[str]]:
    # Should a bad value pass unnoticed, the crawl would stop at once on a closed port.
    # The named options beat -s and the environment: leave out the one under test.
    named = {"IDN_MIRROR": ["--mirror", "http://127.0.0.1:9"], "IDN_OUTPUT_DIR": ["--output", "out"]}
    given = [arg for setting, args in named.items() if setting != name for arg in args]
    quick = ["-s", "RETRY_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=2"]
    code = main(["run", *given, *quick, *argv])
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(("name", "value"), [*BAD, ("IDN_OUTPUTDIR", "x")])
def test_idn_crawl_run_exits_64_with_one_line_before_anything(
    name: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines = _run(capsys, name, "-s", f"{name}={value}")
    assert code == 64 and len(lines) == 1 and name in lines[0], lines
    monkeypatch.setenv(name, value)
    code, lines = _run(capsys, name)
    assert code == 64 and len(lines) == 1 and name in lines[0], lines
    assert list(tmp_path.iterdir()) == []  # no lock taken, no state opened, nothing written
