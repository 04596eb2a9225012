"""Pseudonymisation: every form of a name replaced, the same person always the same pseudonym,
roles and organisations kept, segments still quoting their document, and no name in any
output of ``chartertext report --pseudonymise``."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chartertext.cli import app
from chartertext.corpus import Corpus, ingest_corpus
from chartertext.people.pseudonymise import pseudonymise_corpus, write_pseudonym_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]

LOGEMENT = """Commission logement – réunion du 10 janvier 2024

Présents : Mme Claire Dupont (CCAS), M. Jean-Marc Lefort (association La Plume), Mme Laurence Petit (CAF).
Excusés : MM. Garnier et Benali.

1. Accueil des familles

Mme Dupont ouvre la séance. M. le Maire rappelle le calendrier et l'adjointe au maire présente le budget du CCAS.

Madame DUPONT indique que la rue Victor Hugo sera fermée pendant les travaux.

M. Petit, du service logement, signale un retard dans les attributions.
"""

SANTE = """Commission santé – réunion du 12 février 2024

Présents : Helga, Marielle, Kadidatiou et Yannick

1. Diagnostic

C. Dupont présente le diagnostic. Helga demande un calendrier précis. Monsieur Lefort propose une date.

Dupont rappelle que la décision revient au conseil. Le Président remercie les participants.

Référents : DURAND Guillaume, ABA Lynda
"""

#: Every name the fixtures write, as written.
FIXTURE_NAMES = (
    "Claire", "Dupont", "DUPONT", "Jean-Marc", "Lefort", "Laurence", "Petit", "Garnier", "Benali",
    "Helga", "Marielle", "Kadidatiou", "Yannick", "DURAND", "Guillaume", "ABA", "Lynda",
)  # fmt: skip


def _write(root: Path, files: dict[str, tuple[str, str, str, str]]) -> Path:
    (root / "docs").mkdir(parents=True)
    rows = ["path,doc_id,kind,date,group,title"]
    for name, (text, date, group, title) in files.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
        rows.append(f"docs/{name},{Path(name).stem},minutes,{date},{group},{title}")
    (root / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def names_corpus(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "corpus",
        {
            "a-logement.md": (LOGEMENT, "2024-01-10", "logement", "Réunion avec Mme Dupont"),
            "b-sante.txt": (SANTE, "2024-02-12", "santé", "Commission santé"),
        },
    )


def _all_text(corpus: Corpus) -> str:
    """Everything a later stage can read: texts, titles, metadata, segment texts, speakers, headings."""
    seg = corpus.segments
    parts = [d.text for d in corpus.documents] + [d.title for d in corpus.documents]
    parts += [v for d in corpus.documents for v in d.metadata.values()]
    parts += [str(v) for col in ("text", "speaker", "heading") for v in seg[col].dropna()]
    return "\n".join(parts)


def _survivors(text: str, names) -> list[str]:
    return [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _code_of(mapping: dict[str, tuple[str, ...]], form: str) -> str:
    codes = [code for code, forms in mapping.items() if form in forms]
    assert len(codes) == 1, (form, mapping)
    return codes[0]


def test_pseudonymise_replaces_every_form_of_every_name(names_corpus, nlp_fr):
    result = pseudonymise_corpus(ingest_corpus(names_corpus), nlp=nlp_fr)
    assert _survivors(_all_text(result.corpus), FIXTURE_NAMES) == []
    logement = result.corpus.document("a-logement").text
    assert re.search(r"Mme P\d\d \(CCAS\)", logement)  # the civility stays, the name goes
    assert result.corpus.document("a-logement").title.startswith("Réunion avec Mme P")


def test_pseudonymise_gives_one_pseudonym_to_the_variants_of_one_person(names_corpus, nlp_fr):
    mapping = pseudonymise_corpus(ingest_corpus(names_corpus), nlp=nlp_fr).mapping
    dupont = _code_of(mapping, "Claire Dupont")
    assert {"Dupont", "DUPONT", "C. Dupont"} <= set(mapping[dupont])
    assert _code_of(mapping, "Jean-Marc Lefort") == _code_of(mapping, "Lefort")


def test_pseudonymise_keeps_people_apart_when_merging_is_not_safe(names_corpus, nlp_fr):
    result = pseudonymise_corpus(ingest_corpus(names_corpus), nlp=nlp_fr)
    text = result.corpus.document("a-logement").text
    laurence = _code_of(result.mapping, "Laurence Petit")
    monsieur = re.search(r"M\. (P\d\d), du service logement", text).group(1)
    assert monsieur != laurence  # "M. Petit" is not "Mme Laurence Petit"
    # A first name alone is its own pseudonym, never a full name's.
    assert _code_of(result.mapping, "Helga") not in {laurence, _code_of(result.mapping, "Claire Dupont")}


def test_pseudonymise_leaves_roles_places_and_organisations(names_corpus, nlp_fr):
    text = _all_text(pseudonymise_corpus(ingest_corpus(names_corpus), nlp=nlp_fr).corpus)
    for kept in ("M. le Maire", "l'adjointe au maire", "Le Président", "association La Plume", "rue Victor Hugo", "CCAS", "CAF"):
        assert kept in text, kept


def test_pseudonymise_is_stable_across_runs_and_numbers_in_doc_id_order(names_corpus, nlp_fr):
    first = pseudonymise_corpus(ingest_corpus(names_corpus), nlp=nlp_fr)
    second = pseudonymise_corpus(ingest_corpus(names_corpus), nlp=nlp_fr)
    assert [d.text for d in first.corpus.documents] == [d.text for d in second.corpus.documents]
    assert first.mapping == second.mapping
    # The first name of the first document (by doc_id) is the first pseudonym.
    assert "Présents : Mme P01 (CCAS)" in first.corpus.document("a-logement").text


def test_pseudonymise_keeps_segments_and_their_offsets_consistent(names_corpus, nlp_fr):
    plain = ingest_corpus(names_corpus)
    result = pseudonymise_corpus(plain, nlp=nlp_fr).corpus
    seg = result.segments
    assert list(seg["segment_id"]) == list(plain.segments["segment_id"])
    assert list(seg["kind"]) == list(plain.segments["kind"])
    for row in seg.itertuples(index=False):
        assert result.document(row.doc_id).text[row.start : row.end] == row.text
    speakers = set(seg["speaker"].dropna())
    assert speakers and all(re.search(r"P\d\d", s) or "Maire" in s or "Président" in s for s in speakers), speakers


def test_pseudonymise_writes_the_key_where_asked(names_corpus, nlp_fr, tmp_path):
    mapping = pseudonymise_corpus(ingest_corpus(names_corpus), nlp=nlp_fr).mapping
    key = write_pseudonym_key(mapping, tmp_path / "private" / "key.csv")
    with open(key, encoding="utf-8", newline="") as handle:
        rows = {row["pseudonym"]: row["names"] for row in csv.DictReader(handle)}
    assert "Claire Dupont" in rows[_code_of(mapping, "Claire Dupont")].split(" | ")


@pytest.fixture(scope="module")
def demo_pair(nlp_fr):
    plain = ingest_corpus(PROJECT_ROOT / "corpora" / "demo")
    return plain, pseudonymise_corpus(plain, nlp=nlp_fr)


def test_pseudonymise_demo_corpus_no_known_surname_survives(demo_pair):
    plain, result = demo_pair
    # From the demo README and its attendance lists, written here by hand.
    surnames = [
        "Lambert", "Ferrand", "Chérif", "Vasseur", "Marchand", "Roux", "Diallo", "Girard", "Ndiaye",
        "Petit", "Hamon", "Morel", "Mercier", "Lefèvre", "Vidal", "Ouali", "Pons", "Tessier", "Durand",
        "Carpentier", "Roussel", "Le Goff", "Dumas", "Garnier", "Benkirane",
    ]  # fmt: skip
    assert all(re.search(rf"\b{s}\b", _all_text(plain)) for s in surnames)  # they were there
    folded = _fold(_all_text(result.corpus))
    assert [s for s in surnames if re.search(rf"\b{_fold(s)}\b", folded)] == []  # "CHERIF", "LAMBERT" too
    for kept in ("Villeneuve-sur-Loire", "adjointe au maire", "Clic & Lien", "CCAS"):
        assert kept in _all_text(result.corpus), kept


def test_pseudonymise_demo_corpus_resolves_the_readme_variants(demo_pair):
    _, result = demo_pair
    lambert = _code_of(result.mapping, "Hélène Lambert")
    assert {"Lambert", "LAMBERT", "H. Lambert", "Hélène LAMBERT"} <= set(result.mapping[lambert])
    assert {"N. Chérif", "Nadia CHERIF", "Chérif"} <= set(result.mapping[_code_of(result.mapping, "Nadia Chérif")])


def test_cli_report_refuses_a_pseudonym_key_inside_the_report(names_corpus, tmp_path):
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["report", str(names_corpus), "--out", str(out), "--pseudonymise", "--pseudonym-key", str(out / "key.csv")]
    )
    assert result.exit_code == 1
    assert "inside the report folder" in result.output
    assert not out.exists()
    alone = CliRunner().invoke(app, ["report", str(names_corpus), "--out", str(out), "--pseudonym-key", str(tmp_path / "k.csv")])
    assert alone.exit_code == 1 and "--pseudonymise" in alone.output


@pytest.mark.slow
def test_cli_report_pseudonymise_leaves_no_name_in_any_output(tmp_path):
    from chartertext.synthetic.minutes import generate_planted_corpus, planted_truth
    from chartertext.synthetic.templates import NEUTRAL

    segments = generate_planted_corpus([0.1, 0.4, 0.8], segments_per_cell=4, seed=3)
    documents = dict(planted_truth(segments).documents)
    attendance = "Présents : Mme Odile Marchal, M. Yvon Kerbrat, Helga, Zéliha et Marielle\n\n"
    files = {
        f"{doc_id}.txt": (attendance + documents[doc_id], str(row.date), row.group, doc_id)
        for doc_id, row in segments.drop_duplicates("doc_id").set_index("doc_id").iterrows()
    }
    corpus = _write(tmp_path / "corpus", files)
    (tmp_path / "fast.toml").write_text("[convergence]\nn_bootstrap = 20\nn_permutations = 20\n", encoding="utf-8")
    out, key = tmp_path / "report", tmp_path / "private" / "key.csv"
    result = CliRunner().invoke(
        app,
        ["report", str(corpus), "--out", str(out), "--config", str(tmp_path / "fast.toml"), "--cache",
         str(tmp_path / "cache.sqlite"), "--pseudonymise", "--pseudonym-key", str(key), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    planted = [p.split(" ", 1)[1] for p in NEUTRAL["personne"] if p.startswith(("M. ", "Mme "))]
    names = [*planted, "Odile", "Marchal", "Yvon", "Kerbrat", "Helga", "Zéliha", "Marielle"]
    files_written = [p for p in out.rglob("*") if p.is_file()]
    assert out / "summary.json" in files_written and any(p.suffix == ".csv" for p in files_written)
    for path in files_written:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _survivors(text, names) == [], path
    assert "pseudonym" in (out / "summary.json").read_text(encoding="utf-8")
    assert "Kerbrat" in key.read_text(encoding="utf-8")  # the key, written apart, can re-identify


def test_pseudonymise_key_file_is_readable_by_its_owner_only(tmp_path):
    import os
    import stat

    key = tmp_path / "cle.csv"
    key.write_text("ancienne clé", encoding="utf-8")
    os.chmod(key, 0o644)
    write_pseudonym_key({"P01": ("Hélène Dupont", "Mme Dupont"), "P02": ("=Martin",)}, key)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    rows = list(csv.reader(key.open(encoding="utf-8")))
    assert rows[1] == ["P01", "Hélène Dupont | Mme Dupont"] and rows[2] == ["P02", "'=Martin"]
