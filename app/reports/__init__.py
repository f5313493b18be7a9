"""The quarterly digitization report: figures from the station's database, charts, JSON/CSV/XLSX exports."""
