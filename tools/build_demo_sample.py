"""Rebuild the bundled demo site: ``python tools/build_demo_sample.py``.

Synthetic articles from ``idn_crawler.testsite`` plus the reconstructed real-layout pages of
``tests/fixtures`` (current, editorial, legacy, DOM-only, JSON-LD variants).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from idn_crawler.testsite.generate import generate_site
from idn_crawler.testsite.sample import sample_root

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "articles"
SAVED = ("handmade/article-community", "handmade/article-editorial", "handmade/article-legacy",
         "handmade/sport-three-writers-dom", "handmade/jsonld-variants")  # fmt: skip


def saved_pages() -> dict[str, str]:
    """Each saved case's page, served at its record's URL."""
    pages = {}
    for name in SAVED:
        expected = json.loads((ARTICLES / name / "expected.json").read_text(encoding="utf-8"))
        pages[expected["url"]] = (ARTICLES / name / "page.html").read_text(encoding="utf-8")
    return pages


def main() -> None:
    root = sample_root()
    shutil.rmtree(root, ignore_errors=True)
    articles = generate_site(root, articles=25, extra=saved_pages())
    print(f"wrote {len(articles)} synthetic and {len(SAVED)} saved articles under {root}")


if __name__ == "__main__":
    main()
