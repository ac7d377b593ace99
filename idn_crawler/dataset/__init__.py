"""The dataset as its users load it: typed schemas, the export snapshot, compaction."""
