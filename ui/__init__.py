"""The counter application (PySide6). Thin: widgets and controllers that call app/."""
