"""``python -m idn_crawler.cli``: the same as the ``idn-crawl`` command."""

import sys

from idn_crawler.cli.main import main

sys.exit(main())
