"""The procedure catalog: procedures and their components, the catalog files the station imports."""
