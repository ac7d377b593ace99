"""The dataset on disk: crawl state, locks, atomically published files and parts."""
