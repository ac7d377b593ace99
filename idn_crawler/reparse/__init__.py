"""Rebuilding the dataset from the archive: the current parser over every archived page."""
