"""The counter service the window and the CLI drive: its wiring, embedded defaults, self-check and the demo."""
