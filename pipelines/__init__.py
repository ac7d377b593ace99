"""Item pipelines of idn-crawler: validate, deduplicate, store (one job each).

A distribution named ``pipelines`` exists on PyPI; this package is installed
alongside ``idn_crawler`` and ``tests/test_packaging.py`` checks that the
import resolves here.
"""

IDN_PIPELINES_PACKAGE = True
