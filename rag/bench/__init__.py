"""Public benchmarks with published numbers, speed and scale: `citeqa bench NAME`."""
