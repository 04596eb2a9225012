"""Formats French researchers already use: IRaMuTeQ corpora and SCDL "Délibérations" open data."""
