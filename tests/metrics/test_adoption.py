"""Value adoption on hand-built French minutes with known answers, and on the demo corpus's designed story."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from chartertext.errors import ConfigError, CorpusError
from chartertext.metrics.adoption import value_adoption
from chartertext.metrics.quotes import quote_around
from chartertext.periods import assign_periods
from chartertext.values import ValueLexicon, load_lexicon

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
COMMISSIONS = ("accès aux droits", "logement et hébergement", "santé et bien-être", "insertion et emploi")


@pytest.fixture(scope="module")
def lexicon() -> ValueLexicon:
    return load_lexicon()


def minutes(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Segments table from (group, ISO date, text), one meeting per group and date."""
    frame = pd.DataFrame(rows, columns=["group", "date", "text"])
    frame["doc_id"] = frame["group"] + "-" + frame["date"]
    frame["segment_id"] = frame["doc_id"] + ":" + frame.groupby("doc_id").cumcount().map("{:04d}".format)
    frame["date"] = frame["date"].map(dt.date.fromisoformat)
    return frame


STORY = minutes(
    [
        ("logement", "2024-01-10", "Point sur les expulsions locatives."),
        ("logement", "2024-01-10", "Ordre du jour adopté. Mme Roux parle de dignité : un toit d'abord. Suite."),
        ("santé", "2024-01-17", "Les délais de rendez-vous restent longs."),
        ("santé", "2024-02-14", "M. Diallo estime que la dignité des patients passe par l'écoute."),
        ("emploi", "2024-02-21", "Le chantier d'insertion recrute six salariés."),
        ("logement", "2024-02-07", "La dignité, encore : des logements dignes."),
    ]
)


def test_adoption_first_mention_gives_date_segment_and_quote(lexicon):
    result = value_adoption(STORY, lexicon)
    first = result.first_mentions.set_index(["value", "group"])
    row = first.loc[("dignité", "logement")]
    assert row["date"] == dt.date(2024, 1, 10)
    assert row["segment_id"] == "logement-2024-01-10:0001" and row["doc_id"] == "logement-2024-01-10"
    assert row["quote"] == "Mme Roux parle de dignité : un toit d'abord."
    assert row["mentions"] == 3 and row["segments"] == 2  # "dignité" ×2, "dignes" ×1
    assert first.loc[("dignité", "santé"), "quote"].startswith("M. Diallo estime")  # not cut after "M."
    assert ("dignité", "emploi") not in first.index


def test_adoption_spread_orders_groups_and_measures_the_lag(lexicon):
    spread = value_adoption(STORY, lexicon).spread.set_index("value")
    dignity = spread.loc["dignité"]
    assert dignity["order"] == [("logement", dt.date(2024, 1, 10)), ("santé", dt.date(2024, 2, 14))]
    assert dignity["n_groups"] == 2 and dignity["first_group"] == "logement"
    assert dignity["lag_days"] == 35
    assert spread.loc["écoute", "lag_days"] == 0 and spread.loc["écoute", "n_groups"] == 1
    assert spread.loc["laïcité", "n_groups"] == 0 and pd.isna(spread.loc["laïcité", "lag_days"])
    assert list(spread.index) == list(lexicon.names)


def test_adoption_min_mentions_ignores_a_one_off_technical_use(lexicon):
    rows = minutes(
        [
            ("droits", "2024-09-17", "Croisement des fichiers dans le respect du RGPD."),
            ("droits", "2024-12-10", "Le respect de la personne d'abord ; respecter son rythme."),
            ("droits", "2024-12-10", "Respecter aussi ses choix."),
        ]
    )
    table = assign_periods(rows["date"], rows["group"], "month", min_segments=1)
    loose = value_adoption(rows, lexicon, periods=table).first_mentions.set_index("value").loc["respect"]
    strict = value_adoption(rows, lexicon, periods=table, min_mentions=2).first_mentions
    strict = strict.set_index("value").loc["respect"]
    assert loose["adopted_date"] == dt.date(2024, 9, 17) and loose["adopted_period"] == "2024-09"
    assert strict["adopted_date"] == dt.date(2024, 12, 10) and strict["adopted_period"] == "2024-12"
    assert strict["date"] == dt.date(2024, 9, 17)  # the first mention is still reported
    never = value_adoption(rows, lexicon, periods=table, min_mentions=4)
    assert never.spread.set_index("value").loc["respect", "n_groups"] == 0


def test_adoption_share_by_period_counts_groups_present(lexicon):
    table = assign_periods(STORY["date"], STORY["group"], "month", min_segments=1)
    result = value_adoption(STORY, lexicon, periods=table)
    shares = result.share_by_period.set_index(["period", "value"])
    # January: logement and santé present, only logement speaks of dignité.
    assert shares.loc[("2024-01", "dignité"), ["n_present", "n_mentioning"]].tolist() == [2, 1]
    assert shares.loc[("2024-01", "dignité"), "share"] == pytest.approx(0.5)
    # February: all three present, logement and santé mention it; adopted by 2 of the 3 groups.
    assert shares.loc[("2024-02", "dignité"), "share"] == pytest.approx(2 / 3)
    assert shares.loc[("2024-02", "dignité"), "adopted_share"] == pytest.approx(2 / 3)
    assert shares.loc[("2024-01", "dignité"), "adopted_share"] == pytest.approx(1 / 3)
    assert result.periods == ("2024-01", "2024-02")


def test_adoption_value_talk_is_the_share_of_segments_naming_any_value(lexicon):
    talk = value_adoption(STORY, lexicon).value_talk.set_index(["period", "group"])
    assert talk.loc[("2024-01-10", "logement"), ["n_segments", "n_with_value"]].tolist() == [2, 1]
    assert talk.loc[("2024-01-10", "logement"), "share"] == pytest.approx(0.5)
    assert talk.loc[("2024-02-21", "emploi"), "share"] == 0.0


def test_adoption_leaves_out_charter_and_undated_rows_with_a_warning(lexicon):
    rows = STORY.copy()
    rows["doc_kind"] = "minutes"
    extra = pd.DataFrame(
        {
            "group": ["réseau", "santé"],
            "date": [dt.date(2024, 6, 1), None],
            "text": ["Article 7 – La laïcité.", "La laïcité sans date."],
            "doc_id": ["charte", "santé-x"],
            "segment_id": ["charte:0000", "santé-x:0000"],
            "doc_kind": ["charter", "minutes"],
        }
    )
    result = value_adoption(pd.concat([rows, extra], ignore_index=True), lexicon)
    assert "réseau" not in result.groups
    assert result.spread.set_index("value").loc["laïcité", "n_groups"] == 0
    assert any("charter" in w for w in result.warnings) and any("without a group" in w for w in result.warnings)


def test_adoption_summary_is_plain_json_with_iso_dates(lexicon):
    summary = value_adoption(STORY, lexicon).to_summary()
    text = json.dumps(summary, allow_nan=False, ensure_ascii=False)
    dignity = next(s for s in summary["spread"] if s["value"] == "dignité")
    assert dignity["order"] == [{"group": "logement", "date": "2024-01-10"}, {"group": "santé", "date": "2024-02-14"}]
    assert next(s for s in summary["spread"] if s["value"] == "laïcité")["lag_days"] is None
    assert "dignité" in text and summary["min_mentions"] == 1


def test_adoption_rejects_missing_columns_and_bad_threshold(lexicon):
    with pytest.raises(CorpusError, match="segment_id"):
        value_adoption(STORY.drop(columns="segment_id"), lexicon)
    with pytest.raises(ConfigError, match="min_mentions"):
        value_adoption(STORY, lexicon, min_mentions=0)


def test_quote_around_keeps_the_sentence_and_caps_its_length():
    text = "Premier point. " + "Une très longue phrase " * 30 + "sur la dignité " + "qui continue " * 30 + "ici. Fin."
    start = text.index("dignité")
    quote = quote_around(text, start, start + len("dignité"))
    assert len(quote) <= 300 and "dignité" in quote
    assert quote.startswith("…") and quote.endswith("…") and "Premier point" not in quote
    assert quote_around("Oui.\nL'écoute\n  d'abord.", 5, 13) == "L'écoute d'abord."


@pytest.fixture(scope="module")
def demo_minutes() -> pd.DataFrame:
    from chartertext.corpus import ingest_corpus

    segments = ingest_corpus(DEMO).segments
    return segments[segments["doc_kind"] == "minutes"].reset_index(drop=True)


def test_adoption_demo_dignity_spreads_from_access_to_rights_to_all_commissions(demo_minutes, lexicon):
    # README: the 10 December testimony brings dignity to Accès aux droits, Logement follows a
    # week later, and by February all four commissions propose values for the charter.
    result = value_adoption(demo_minutes, lexicon)
    order = result.spread.set_index("value").loc["dignité", "order"]
    commissions = [(g, d) for g, d in order if g in COMMISSIONS]
    assert commissions[0] == ("accès aux droits", dt.date(2024, 12, 10))
    assert commissions[1] == ("logement et hébergement", dt.date(2024, 12, 17))
    assert {g for g, _ in commissions} == set(COMMISSIONS)
    assert max(d for _, d in commissions) <= dt.date(2025, 2, 28)


def test_adoption_demo_false_friends_are_early_one_offs(demo_minutes, lexicon):
    # README traps: "dans le respect du RGPD", "économie sociale et solidaire", "contrat
    # d'engagement" appear early and rarely. As first mentions they predate the December story;
    # requiring two mentions in a month moves every adoption to December or later.
    table = assign_periods(demo_minutes["date"], demo_minutes["group"], "month", min_segments=5)
    loose = value_adoption(demo_minutes, lexicon, periods=table).first_mentions
    strict = value_adoption(demo_minutes, lexicon, periods=table, min_mentions=2).first_mentions
    early = loose[loose["adopted_date"].map(lambda d: d is not None and d < dt.date(2024, 12, 1))]
    assert {"respect", "solidarité", "engagement"} <= set(early["value"])
    adopted = [d for d in strict["adopted_date"] if isinstance(d, dt.date)]
    assert adopted and min(adopted) >= dt.date(2024, 12, 1)


def test_adoption_demo_value_talk_rises_in_every_commission(demo_minutes, lexicon):
    table = assign_periods(demo_minutes["date"], demo_minutes["group"], "month", min_segments=5)
    talk = value_adoption(demo_minutes, lexicon, periods=table).value_talk
    for group in COMMISSIONS:
        mine = talk[talk["group"] == group]
        early = mine[mine["period"] <= "2024-11"]
        late = mine[mine["period"] >= "2025-02"]
        assert late["n_with_value"].sum() / late["n_segments"].sum() > 3 * (
            early["n_with_value"].sum() / early["n_segments"].sum()
        ), group


def test_quotes_and_inputs_docstring_examples_hold():
    import doctest

    from chartertext.metrics import inputs, quotes

    for module in (quotes, inputs):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
