"""The station's foundations: settings, the SQLite store and its schema, files, errors, progress, audit."""
