"""``summary.json``: the stable, citable record of one analysis.

The same inputs and configuration give a byte-identical file: nothing here depends on time,
on the machine, on absolute paths or on the state of the embedding cache (those go to
``run.json``). Keys are published; add new ones, never rename or remove.

Top-level keys
--------------
schema : str
    ``"chartertext.summary/2"``. Version 2 (chartertext 0.3) made the meeting the unit of the
    convergence statistics: ``convergence.trend.slope`` is now the within-pair slope per calendar
    month on a fixed panel of pairs of groups (it was the slope of the index per period), the
    trend test is one-sided ("greater") by default, the onset needs a Holm-adjusted p below
    ``onset_alpha`` and a rise of ``onset_min_shift``, ``calibration = "none"`` is gone, and
    periods where a group is absent are flagged. New keys: ``convergence.unit``,
    ``tested_periods``, ``icc``, ``holm``, ``power``, ``shock_check``, ``joint_segments``, the
    trend's ``n_pairs``, ``time_unit``, ``span``, ``null_mean_slope``, ``net_slope``,
    ``net_total_change``, ``p_holm``, the onset's ``min_shift``, ``interval_low``,
    ``interval_high``, ``stability``, ``p_holm``, ``exploratory``, and in the series
    ``n_meetings``, ``<component>_distance``, ``<component>_dispersion``. Later in version 2:
    ``convergence.status`` ("ok", "one_group", "no_group", "too_few_periods": why convergence
    was or was not measured), ``status_reason`` (one sentence) and ``group_options`` (what the
    corpus offers as groups, with the settings that would use them, when fewer than two groups
    can be compared). ``corpus.files`` (the count of files ingested, skipped and failed).
corpus : object
    ``name``, ``documents``, ``segments`` (all ingested), ``analysed_segments``, ``groups``
    (list of {group, documents, first, last}), ``errors`` (list of {path, reason, fix}),
    ``manifest`` (bool), ``files`` ({found, ingested, skipped, failed}: every file under the
    corpus folder, found = ingested + skipped + failed; a file giving several documents counts
    once, a hidden folder's files each count; per file in ``tables/files.csv``).
embedding : object
    ``model`` (the embedder's model id), ``unit`` ("passage" or "sentence"), ``chunked``
    (segments longer than the model window, embedded in chunks and pooled).
topics : object
    ``n_topics``, ``clusterer``, ``topics`` (list of {topic, size, share, label, words}).
convergence : object
    ``series`` (list of {period, index, ci_low, ci_high, flagged, reason, n_segments,
    n_groups, n_meetings, and each component with its distance and dispersion parts}),
    ``trend`` ({slope, p_value, p_holm, net_total_change, n_permutations, ...}),
    ``component_trends`` (the same test for each component),
    ``onset`` (period label or null), ``onset_test``, ``components``, ``seed``,
    ``parameters``, ``warnings``. See :mod:`chartertext.metrics.convergence`.
values : object
    Value adoption (:meth:`chartertext.metrics.ValueAdoption.to_summary`). Added in version 2
    (issue 18), adoption as rates (:mod:`chartertext.metrics.adoption_rates`): ``rates`` (list
    of {value, group, period, rate, ci_low, ci_high, mentions, words, n_meetings}: mentions per
    1,000 words with a meeting-bootstrap interval), ``rate_adoption`` (list of {value, group,
    status, censored, adopted_date, adopted_period, adopted_meeting, censored_at, rate_before,
    rate_after and their intervals, statistic, p_value, p_fdr, ...}: adoption dated against the
    group's own baseline, never-adopters kept as censored, p-values Benjamini–Hochberg adjusted
    across values × groups), ``diffusion`` (list of {value, n_adopted, order, first_group,
    p_first: [{group, p}], p_none}: the first adopter with its bootstrap probability) and
    ``rate_method`` (the settings). The older keys keep their first-mention meaning.
charter_alignment : object or null
    (:meth:`chartertext.metrics.CharterAlignment.to_summary`); null without a charter. Issue 18
    added the net alignment (charter minus placebo charter) per series and trend record, and
    ``net_score``, ``spread`` (the groups' spread per period), ``spread_trend``, ``placebo``.
provenance : object or null
    (:meth:`chartertext.metrics.ProvenanceResult.to_summary`); null without a charter.
    Calibrated for volume on the bundled placebo articles (:mod:`chartertext.metrics.placebo`),
    it adds ``unattributed_share`` ({share, ci_low, ci_high, n_attributed}), ``levels`` (each
    group's placebo level), a ``shares`` row ``"unattributed"`` with ``n_attributed``, and per
    article ``attributed_group``, ``calibrated`` ({group: {z, percentile, level, above}}),
    ``first_said`` and ``first_group`` (who said it first above their placebo level).
charter : str or null
    doc_id of the charter used for alignment and provenance.
direction : object or null
    Who leads whom (:meth:`chartertext.metrics.DirectionResult.to_summary`, added in issue 18):
    each meeting's resonance on the other groups (how much their following meetings resemble it
    beyond their preceding ones; Barron et al. 2018) on centred embedding centroids of meetings,
    ``window_days`` and ``window_rule``; per group ``on_others``, ``from_others`` and ``lead``
    (their difference) with meeting-bootstrap intervals, ``p_value`` (permutation of meetings'
    group labels within periods, one-sided), ``p_holm`` and ``leads``; ``leaders``; per group ×
    period ``resonance`` with its interval. Null when the stage did not run.
network : object or null
    The actor network (:func:`chartertext.network.to_summary`): participants, periods, pivots
    with their evidence, continuity of the core.
seed : int
notes : list of str
    What was decided on the user's behalf (fallbacks, choices among several charters).
"""

from __future__ import annotations

from typing import Any

from .atomic import write_json as write_summary  # noqa: F401 - the writer of summary.json, by its old name
from .jsonsafe import json_safe
from .network import to_summary as network_to_summary
from .overview import documents_overview
from .pipeline import Analysis

SCHEMA = "chartertext.summary/2"


def build_summary(analysis: Analysis) -> dict[str, Any]:
    """The summary of an analysis as plain JSON-safe data (see the module docstring)."""
    corpus = analysis.corpus
    overview = documents_overview(corpus)
    groups = (
        overview.groupby("group", sort=True)
        .agg(documents=("documents", "sum"), first=("first", "min"), last=("last", "max"))
        .reset_index()
    )
    topic_info = analysis.topics.topic_info()
    return json_safe(
        {
            "schema": SCHEMA,
            "corpus": {
                "name": corpus.root.name,
                "documents": len(corpus.documents),
                "segments": len(corpus.segments),
                "analysed_segments": len(analysis.segments),
                "groups": groups.to_dict("records"),
                "errors": [e.as_dict() for e in corpus.errors],
                "manifest": corpus.manifest_used,
                "files": corpus.file_counts(),
            },
            "embedding": {
                "model": analysis.embedding.model_id,
                "unit": analysis.config.segments.unit,
                "chunked": analysis.embedding.n_chunked,
            },
            "topics": {
                "n_topics": analysis.topics.n_topics,
                "clusterer": analysis.topics.clusterer_,
                "topics": topic_info[["topic", "size", "share", "label", "words"]].to_dict("records"),
            },
            "convergence": analysis.convergence.to_summary(),
            "values": analysis.adoption.to_summary(),
            "charter_alignment": analysis.alignment.to_summary() if analysis.alignment else None,
            "provenance": analysis.provenance.to_summary() if analysis.provenance else None,
            "charter": analysis.charter_id,
            "direction": analysis.direction.to_summary() if analysis.direction is not None else None,
            "network": network_to_summary(analysis.network) if analysis.network is not None else None,
            "seed": analysis.config.seed,
            "notes": [*analysis.notes, *analysis.topics.notes_, *analysis.periods.warnings],
        }
    )


