"""The papers the counter prints: receipts and refusals, their layout and forms, the working-day calendar."""
