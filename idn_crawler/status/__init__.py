"""``idn-crawl status``: what the dataset holds and how the crawler has been doing.

``summary.py`` reads the dataset (the crawl state opened read-only, the run summaries, the
file tree) into one JSON-ready dict; ``text.py`` prints it in a few lines; ``html.py`` and
``charts.py`` make it one self-contained page.
"""
