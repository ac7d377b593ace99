"""What one crawl shares: its context, fetch gate, evidence, stats keys and report."""
