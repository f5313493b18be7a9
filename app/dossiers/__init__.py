"""Dossiers at the station: the model and its lifecycle, the store, codes, page operations, opening a dossier."""
