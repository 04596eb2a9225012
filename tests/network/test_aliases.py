"""The same actor written differently, and the alias table users correct."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.errors import ConfigError
from chartertext.network.aliases import (
    ALIAS_COLUMNS,
    ALIAS_KINDS,
    apply_aliases,
    read_aliases,
    resolve_aliases,
    write_aliases,
)


def _mentions(rows: list[tuple[str, str]], kind: str = "person") -> pd.DataFrame:
    """Mentions from (doc_id, name) pairs."""
    return pd.DataFrame(
        [(doc, f"{doc}:0001", "attendance", "present", name, kind, None, None) for doc, name in rows],
        columns=["doc_id", "segment_id", "source", "status", "name", "kind", "role", "affiliation"],
    )


def _actor_of(aliases: pd.DataFrame) -> dict[str, str]:
    return dict(zip(aliases["alias"], aliases["actor"]))


def test_aliases_same_person_spelled_several_ways_is_one_actor():
    mentions = _mentions(
        [("a", "Mme Hélène Dupont"), ("b", "Madame DUPONT"), ("c", "H. Dupont"), ("d", "Hélène DUPONT"), ("e", "Dupont")]
    )
    actor = _actor_of(resolve_aliases(mentions))
    assert set(actor.values()) == {"Hélène Dupont"}


def test_aliases_civility_keeps_two_people_of_one_surname_apart():
    mentions = _mentions([("a", "Mme Laurence Petit"), ("a", "M. Jean Petit"), ("b", "Mme Petit"), ("c", "M. Petit")])
    actor = _actor_of(resolve_aliases(mentions))
    assert actor["Mme Petit"] == "Laurence Petit"
    assert actor["M. Petit"] == "Jean Petit"


def test_aliases_ambiguous_surname_stays_apart_with_a_note():
    mentions = _mentions([("a", "Mme Laurence Petit"), ("b", "Mme Carine Petit"), ("c", "Mme Petit")])
    table = resolve_aliases(mentions).set_index("alias")
    assert table.at["Mme Petit", "actor"] not in {"Laurence Petit", "Carine Petit"}
    assert table.at["Mme Petit", "note"].startswith("ambiguous")


def test_aliases_first_name_joins_a_full_name_only_in_the_same_meeting():
    mentions = _mentions(
        [("cra5", "Laurence"), ("cra5", "Laurence Depond"), ("cr7", "Laurence"), ("cr2", "Claire"), ("cra2", "Claire Granie")]
    )
    table = resolve_aliases(mentions).set_index("alias")
    assert table.at["Laurence", "actor"] == "Laurence Depond"
    assert table.at["Claire", "actor"] == "Claire"
    assert "Claire Granie" in table.at["Claire", "note"]  # a suggestion, not a merge


def test_aliases_first_names_differing_by_an_accent_are_one_actor():
    actor = _actor_of(resolve_aliases(_mentions([("cra4", "Zeliha"), ("cra6", "Zéliha")])))
    assert actor["Zeliha"] == actor["Zéliha"]


def test_aliases_role_alone_names_the_person_who_holds_it():
    mentions = _mentions([("a", "Mme Hélène Dupont"), ("b", "L'adjointe au maire"), ("c", "le directeur du CCAS")])
    mentions.loc[0, "role"] = "adjointe au maire déléguée au logement"
    mentions.loc[[1, 2], "kind"] = "role"
    actor = _actor_of(resolve_aliases(mentions))
    assert actor["L'adjointe au maire"] == "Hélène Dupont"
    assert actor["le directeur du CCAS"] == "le directeur du CCAS"  # nobody holds it: the role is the actor


def test_aliases_organisation_spellings_are_one_actor():
    mentions = _mentions([("a", "association La Plume"), ("b", "La Plume"), ("c", "CCAS")], kind="organisation")
    table = resolve_aliases(mentions)
    assert _actor_of(table)["association La Plume"] == "La Plume"
    assert set(table["kind"]) == {"organisation"}


def test_aliases_csv_round_trip_keeps_every_row(tmp_path):
    mentions = _mentions([("a", "Mme Hélène Dupont"), ("b", "Madame DUPONT"), ("a", "Mme Chérif")])
    table = resolve_aliases(mentions)
    write_aliases(table, tmp_path / "aliases.csv")
    back = read_aliases(tmp_path / "aliases.csv")
    assert list(back.columns) == [*ALIAS_COLUMNS, "group"]
    assert back[["alias", "actor", "kind"]].values.tolist() == table[["alias", "actor", "kind"]].values.tolist()
    assert resolve_aliases(mentions, back)["actor"].tolist() == table["actor"].tolist()


def test_aliases_user_correction_wins_and_new_spellings_follow_it(tmp_path):
    first = _mentions([("a", "Mme Hélène Dupont"), ("b", "Madame DUPONT"), ("b", "Association Le Relais")])
    write_aliases(resolve_aliases(first), tmp_path / "aliases.csv")
    edited = (tmp_path / "aliases.csv").read_text(encoding="utf-8")
    edited = edited.replace("Madame DUPONT,Hélène Dupont,person", "Madame DUPONT,Hélène Dupont-Moreau,person")
    edited = edited.replace("Mme Hélène Dupont,Hélène Dupont,person", "Mme Hélène Dupont,Hélène Dupont-Moreau,person")
    edited = edited.replace("Association Le Relais,Association Le Relais,person", "Association Le Relais,Le Relais,organisation")
    (tmp_path / "aliases.csv").write_text(edited, encoding="utf-8")
    user = read_aliases(tmp_path / "aliases.csv")

    later = _mentions([("a", "Mme Hélène Dupont"), ("b", "Madame DUPONT"), ("b", "Association Le Relais"), ("c", "H. Dupont")])
    table = resolve_aliases(later, user).set_index("alias")
    assert table.at["Madame DUPONT", "actor"] == "Hélène Dupont-Moreau"
    assert table.at["H. Dupont", "actor"] == "Hélène Dupont-Moreau"  # a new spelling follows the correction
    relais = table.loc["Association Le Relais"]
    assert (relais["actor"], relais["kind"]) == ("Le Relais", "organisation")
    assert table.at["Madame DUPONT", "source"] == "user"


def test_aliases_ignore_drops_the_name_and_unused_user_rows_are_kept():
    mentions = _mentions([("a", "Mme Dupont"), ("a", "Autres Membres")])
    rows = [("Autres Membres", "", "ignore", ""), ("M. Absent", "Jean Absent", "person", "")]
    user = pd.DataFrame(rows, columns=list(ALIAS_COLUMNS))
    table = resolve_aliases(mentions, user)
    assert apply_aliases(mentions, table)["name"].tolist() == ["Mme Dupont"]
    unused = table.set_index("alias").loc["M. Absent"]
    assert (unused["actor"], bool(unused["in_corpus"])) == ("Jean Absent", False)


def test_aliases_semicolon_table_from_a_french_spreadsheet_is_read(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_bytes("\ufeffalias;actor;kind\nMme Dupont;Hélène Dupont;personne\n".encode())
    assert read_aliases(path)[["alias", "actor", "kind"]].values.tolist() == [["Mme Dupont", "Hélène Dupont", "person"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("alias,actor,kind,comment\nMme Dupont,Hélène Dupont,person,x\n", "unknown column.*comment"),
        ("alias,actor\nMme Dupont,Hélène Dupont\n", "missing column.*kind"),
        ("alias,actor,kind\nMme Dupont,Hélène Dupont,human\n", "line 2.*'human'"),
        ("alias,actor,kind\nMme Dupont,,person\n", "line 2.*no actor"),
        ("alias,actor,kind\nMme Dupont,Hélène Dupont,person\nMme Dupont,Anne Dupont,person\n", "lines 2 and 3"),
    ],
)
def test_aliases_bad_table_names_the_file_the_line_and_the_fix(tmp_path, content, message):
    path = tmp_path / "aliases.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        read_aliases(path)
    assert str(path) in str(info.value) and "Fix:" in str(info.value)


def test_aliases_missing_table_says_where_to_find_one(tmp_path):
    with pytest.raises(ConfigError, match="no such alias table"):
        read_aliases(tmp_path / "absent.csv")


_TEXT = st.text(alphabet="abcdéèçàôœÉÀ ABC-',;\"()&", min_size=1, max_size=20).filter(lambda t: t.strip())


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(_TEXT, _TEXT, st.sampled_from(ALIAS_KINDS), st.text(max_size=10)), min_size=1, max_size=6))
def test_aliases_any_table_survives_a_write_and_read(tmp_path_factory, rows):
    seen, clean = set(), []
    for alias, actor, kind, note in rows:
        alias, actor = " ".join(alias.split()), " ".join(actor.split())
        if alias not in seen:
            seen.add(alias)
            clean.append((alias, actor, kind, " ".join(note.split())))
    table = pd.DataFrame(clean, columns=list(ALIAS_COLUMNS))
    path = tmp_path_factory.mktemp("round") / "aliases.csv"
    write_aliases(table, path)
    back = read_aliases(path)
    assert back[list(ALIAS_COLUMNS)].values.tolist() == table.values.tolist()
    assert set(back["group"]) == {""}


def test_aliases_group_column_is_written_empty_and_read_back_with_edits(tmp_path):
    table = resolve_aliases(_mentions([("a", "Mme Hélène Dupont"), ("b", "M. le Maire")]))
    write_aliases(table, tmp_path / "aliases.csv")
    text = (tmp_path / "aliases.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "alias,actor,kind,note,group"
    (tmp_path / "aliases.csv").write_text(text.replace("person,,", "person,,opposition"), encoding="utf-8")
    back = read_aliases(tmp_path / "aliases.csv")
    assert "opposition" in set(back["group"])


def test_aliases_groups_a_user_filled_in_survive_the_next_network_run(tmp_path):
    # Run, edit the group column, run again with the edited table: the groups must still be
    # there (and reach the actor's other spellings), or --group-by speaker.group loses them.
    mentions = _mentions([("a", "Mme Hélène Dupont"), ("b", "Madame DUPONT"), ("c", "M. Paul Martin")])
    write_aliases(resolve_aliases(mentions), tmp_path / "aliases.csv")
    edited = read_aliases(tmp_path / "aliases.csv")
    edited.loc[edited["alias"] == "Mme Hélène Dupont", "group"] = "opposition"
    again = resolve_aliases(mentions, user=edited)
    write_aliases(again, tmp_path / "aliases.csv")
    back = read_aliases(tmp_path / "aliases.csv").set_index("alias")["group"]
    assert back["Mme Hélène Dupont"] == "opposition" and back["Madame DUPONT"] == "opposition"
    assert back["M. Paul Martin"] == ""
