"""Page images: OCR, page processing and measurements, the worker pool, PDF/A assembly, previews, sample pages."""
