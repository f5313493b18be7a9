"""Schema steps, one module a feature, each with its own ``migrations = Migrations("sohoa.<feature>")``.
:func:`app.core.storage.migration_sets` finds them all; ``core`` runs first."""
