"""The ``idn-crawl`` command and its subcommands, one module each."""
