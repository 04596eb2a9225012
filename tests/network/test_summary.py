"""The network block of summary.json: JSON-safe, stable, and renamed when asked."""

from __future__ import annotations

import json

from chartertext.network import to_summary


def _pseudonym(name: str) -> str:
    return f"P-{sum(map(ord, name)) % 997:03d}"


def test_summary_is_json_and_stable(small_network):
    block = to_summary(small_network)
    text = json.dumps(block, ensure_ascii=False, sort_keys=True, allow_nan=False)
    assert text == json.dumps(to_summary(small_network), ensure_ascii=False, sort_keys=True)
    assert block["meetings"]["n"] == 4 and block["meetings"]["without_attendance"] == []
    assert block["periods"][-1]["leavers"] is None
    assert block["pivots"][0]["actor"] == "Hélène Dupont"
    assert block["pivots"][0]["groups"] == ["logement", "santé"]
    assert len(block["pivots"][0]["evidence"]) == 4


def test_summary_counts_participants_and_represented_organisations(small_network):
    actors = to_summary(small_network)["actors"]
    assert (actors["person"], actors["organisation"]) == (7, 1)  # only Le Relais attends as an organisation
    assert actors["represented_organisations"] == 4  # CCAS, CAF, Toit Commun, centre de santé


def test_summary_rename_applies_to_people_not_organisations(small_network):
    block = to_summary(small_network, rename=_pseudonym)
    text = json.dumps(block, ensure_ascii=False)
    for person in ("Dupont", "Chérif", "Leroux", "Moreau", "Martin"):
        assert person not in text
    assert block["pivots"][0]["actor"] == _pseudonym("Hélène Dupont")
    assert _pseudonym("Hélène Dupont") in block["periods"][0]["bridging"]


def test_summary_minutes_without_groups_nor_attendance_give_an_empty_block(tmp_path):
    from chartertext.corpus import ingest_corpus
    from chartertext.network import analyse_network

    for day in (1, 2, 3):
        (tmp_path / f"cr{day}.txt").write_text(
            f"Séance du {day} mars 2021\n\nLe conseil délibère sur le budget de la commune.\n", encoding="utf-8"
        )
    block = to_summary(analyse_network(ingest_corpus(tmp_path)))
    assert block["actors"]["n"] == 0 and block["pivots"] == []
    assert all(period["bridging"] == [] for period in block["periods"])
    assert block["meetings"]["without_attendance"] == ["cr1", "cr2", "cr3"]
    assert any("no attendance list" in note for note in block["notes"])
