"""Planted corpora: data with a known truth, for testing the estimators and the pipeline.

- :mod:`.minutes` — French minutes of several commissions whose convergence is set in advance
  (:func:`~.minutes.generate_planted_corpus`), with the sentence templates of :mod:`.templates`;
- :mod:`.meetings` — segment vectors of clustered meetings (:func:`~.meetings.planted_meetings`);
- :mod:`.calibration` — how often the convergence tests reject on those planted meetings;
- :mod:`.provenance` — a charter whose articles have a known author (or none), groups of unequal
  volume (:func:`~.provenance.planted_charter`);
- :mod:`.charter_alignment` — segment vectors, a charter and a placebo charter: a common shock that is not
  convergence toward the charter, and convergence that is (:func:`~.charter_alignment.planted_alignment`).
"""
