"""``make bench``: throughput, latency, queries and weight of the public pages."""
