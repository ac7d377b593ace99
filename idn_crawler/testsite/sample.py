"""The bundled sample of the site that ``idn-crawl demo`` serves (``sample/``).

It is built by ``tools/build_demo_sample.py`` from the synthetic site and the
saved real-layout fixture pages, and shipped as package data.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The sections the sample has hubs for.
SAMPLE_SECTIONS = "news,business,sport,life"


def sample_root() -> Path:
    return Path(str(resources.files("idn_crawler.testsite").joinpath("sample")))
