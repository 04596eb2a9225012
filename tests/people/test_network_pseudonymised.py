"""Every person the actor network finds in a corpus is pseudonymised: the network and the
pseudonymiser read names with one grammar, so none of the network's names survives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chartertext.corpus import ingest_corpus
from chartertext.network import analyse_network
from chartertext.people.pseudonymise import pseudonymise_corpus
from chartertext.people.written import person_name

MEETINGS = {
    "quartier-2024-01-15.txt": (
        "2024-01-15",
        "Conseil de quartier Nord – réunion du 15 janvier 2024\n\n"
        "Présents : Mme Hélène Dupont (adjointe au maire), M. Paul Martin (CCAS), Me Claire Durand, "
        "M. Yannick Le Goff, Association Le Relais.\n"
        "Excusés : MM. Garnier et Benali.\n\n"
        "1. Propreté des rues\n\n"
        "Mme Dupont : nous avons reçu douze signalements.\n\n"
        "Me Durand : la copropriété demande un rendez-vous.\n\n"
        "M. Le Goff indique que la collecte passera le mardi.\n",
    ),
    "quartier-2024-03-11.txt": (
        "2024-03-11",
        "Conseil de quartier Nord – réunion du 11 mars 2024\n\n"
        "Présents :\nMme Hélène DUPONT,\nM. Martin, CCAS\nDESHAYES\nNicoles,\nMaître Durand\n\n"
        "1. Budget participatif\n\n"
        "Madame DUPONT rappelle le calendrier.\n\n"
        "Nicoles Deshayes propose trois projets.\n\n"
        "M. Benali : le jardin partagé manque d'eau.\n",
    ),
}


@pytest.fixture
def people_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "docs").mkdir(parents=True)
    rows = ["path,doc_id,kind,date,group,title"]
    for name, (date, text) in MEETINGS.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
        rows.append(f"docs/{name},{Path(name).stem},minutes,{date},nord,Conseil de quartier")
    (root / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def _name_words(alias: str) -> set[str]:
    name = person_name(alias)
    words = " ".join(p for p in (name.first, name.surname, name.single) if p and not name.initial).split()
    return {w for w in words if len(w) > 2 and w[0].isupper()}


def test_network_pseudonymised_every_network_person_is_replaced(people_corpus, nlp_fr):
    corpus = ingest_corpus(people_corpus)
    aliases = analyse_network(corpus).aliases
    people = aliases.loc[aliases["kind"] == "person", "alias"]
    words = set().union(*(_name_words(a) for a in people))
    assert {"Dupont", "DUPONT", "Martin", "Durand", "Goff", "Benali", "Nicoles", "DESHAYES"} <= words

    result = pseudonymise_corpus(corpus, nlp=nlp_fr)
    seg = result.corpus.segments
    text = "\n".join([d.text for d in result.corpus.documents] + [str(v) for v in seg["speaker"].dropna()])
    survivors = sorted(w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))
    assert survivors == []
    assert "Me P" in text and "Mme P" in text  # civilities stay: they carry the gender
