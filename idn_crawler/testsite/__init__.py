"""A synthetic IDN Times for the demo, the tests and the benchmarks, and its server."""
