"""The benchmark suite of chartertext (see run.py); a package so tests can import its helpers."""
