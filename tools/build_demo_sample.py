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

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
SAVED = ("reference/article-community", "reference/article-editorial", "reference/article-legacy",
         "pages/sport-three-writers-dom", "pages/jsonld-variants")  # fmt: skip


def saved_pages() -> dict[str, str]:
    pages = {}
    for name in SAVED:
        expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
        url = expected.get("expected", expected)["url"]
        pages[url] = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    return pages


def main() -> None:
    root = sample_root()
    shutil.rmtree(root, ignore_errors=True)
    articles = generate_site(root, articles=25, extra=saved_pages())
    print(f"wrote {len(articles)} synthetic and {len(SAVED)} saved articles under {root}")


if __name__ == "__main__":
    main()
