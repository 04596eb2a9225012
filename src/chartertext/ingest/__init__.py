"""Ingestion: files in a corpus folder become :class:`~chartertext.records.Document` records."""
