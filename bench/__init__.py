"""Benchmark: latency and throughput of the assistant's profiles vs a plain `rasa init` bot."""
