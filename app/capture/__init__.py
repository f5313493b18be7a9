"""Scanning into a component: the streaming pipeline, checks while the feeder runs, scan profiles."""
