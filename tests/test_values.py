"""The value lexicon: the bundled French default, matching rules, and file validation."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.errors import ConfigError
from chartertext.values import BUNDLED_SOURCE, Value, ValueLexicon, load_lexicon


@pytest.fixture(scope="module")
def lexicon() -> ValueLexicon:
    return load_lexicon()


def found(lexicon: ValueLexicon, text: str) -> list[tuple[str, str]]:
    """(value, form as written) pairs, which read better in assertions than offsets."""
    return [(name, text[start:end]) for name, start, end in lexicon.find(text)]


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


# --- the bundled French lexicon -------------------------------------------------------------


def test_values_bundled_lexicon_has_common_charter_values(lexicon: ValueLexicon) -> None:
    assert lexicon.source == BUNDLED_SOURCE
    assert 25 <= len(lexicon.values) <= 35
    for name in (
        "solidarité", "dignité", "respect", "confiance", "écoute", "accueil", "égalité", "équité",
        "autonomie", "participation", "transparence", "laïcité", "bienveillance", "coopération",
        "pouvoir d'agir", "centralité de la personne", "non-discrimination", "justice sociale",
    ):  # fmt: skip
        assert name in lexicon.names


def test_values_bundled_terms_are_lowercase_nfc_with_accents(lexicon: ValueLexicon) -> None:
    for value in lexicon.values:
        assert value.terms, value.name
        for term in value.terms:
            assert term == term.lower() == unicodedata.normalize("NFC", term)
    terms = {term for value in lexicon.values for term in value.terms}
    assert {"dignité", "écouter", "égalitaire", "laïque", "coopérer"} <= terms


@pytest.mark.parametrize(
    ("form", "value"),
    [
        ("solidaire", "solidarité"), ("solidaires", "solidarité"), ("solidairement", "solidarité"),
        ("digne", "dignité"), ("respecter", "respect"), ("respectueuse", "respect"),
        ("écouter", "écoute"), ("accueillir", "accueil"), ("accueillante", "accueil"),
        ("égalitaire", "égalité"), ("égaux", "égalité"), ("équitable", "équité"),
        ("autonome", "autonomie"), ("participer", "participation"), ("participative", "participation"),
        ("transparente", "transparence"), ("laïque", "laïcité"), ("bienveillante", "bienveillance"),
        ("coopérer", "coopération"), ("coopératif", "coopération"), ("inclusive", "inclusion"),
    ],
)  # fmt: skip
def test_values_find_maps_word_forms_to_their_value(lexicon: ValueLexicon, form: str, value: str) -> None:
    assert found(lexicon, f"Une démarche {form}, disent-ils.") == [(value, form)]


# --- matching rules -------------------------------------------------------------------------


def test_values_find_respects_word_boundaries_with_french_letters(lexicon: ValueLexicon) -> None:
    text = "Respectivement, ils ont également parlé d'un habitat indigne et d'irrespect."
    assert found(lexicon, text) == []
    # The last word of a multiword term must end there too.
    assert found(lexicon, "une justice socialement juste, le bien communal") == []


def test_values_find_matches_after_both_apostrophes(lexicon: ValueLexicon) -> None:
    text = "L'accueil d’écoute, qu’accueillir, l’Accueil."
    assert found(lexicon, text) == [
        ("accueil", "accueil"),
        ("écoute", "écoute"),
        ("accueil", "accueillir"),
        ("accueil", "Accueil"),
    ]


def test_values_find_offsets_index_the_text(lexicon: ValueLexicon) -> None:
    text = "Mme Lambert rappelle que la confiance se construit dès l’accueil."
    matches = lexicon.find(text)
    assert matches == [("confiance", 28, 37), ("accueil", 57, 64)]
    assert [text[start:end] for _, start, end in matches] == ["confiance", "accueil"]


def test_values_find_is_case_insensitive_but_accent_sensitive(lexicon: ValueLexicon) -> None:
    assert found(lexicon, "DIGNITÉ et Égalité") == [("dignité", "DIGNITÉ"), ("égalité", "Égalité")]
    # Accents are part of the word: a text that dropped them is not silently "repaired".
    assert found(lexicon, "dignite et EGALITE") == []


def test_values_find_multiword_terms_across_whitespace_and_apostrophes(lexicon: ValueLexicon) -> None:
    text = "le pouvoir\nd’agir des habitants, la justice   sociale, la personne au coeur"
    assert [name for name, _ in found(lexicon, text)] == [
        "pouvoir d'agir",
        "justice sociale",
        "centralité de la personne",
    ]


def test_values_find_longest_term_wins_without_overlap(lexicon: ValueLexicon) -> None:
    text = "la non-discrimination et la personne accompagnée au cœur"
    assert found(lexicon, text) == [
        ("non-discrimination", "non-discrimination"),
        ("centralité de la personne", "personne accompagnée au cœur"),
    ]
    # A term that starts another value's longer term must not steal its occurrence.
    nested = ValueLexicon(
        values=(Value("justice", ("justice",)), Value("justice sociale", ("justice sociale",))),
        source="test",
    )
    assert found(nested, "la justice sociale, la justice") == [
        ("justice sociale", "justice sociale"),
        ("justice", "justice"),
    ]


def test_values_find_returns_nothing_for_text_without_values(lexicon: ValueLexicon) -> None:
    assert lexicon.find("Le délai moyen de traitement est de douze jours.") == []
    assert lexicon.find("") == []


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.text(alphabet="aeéèiloudrgnstcpx’' -\n.", max_size=60),
    st.sampled_from(["digne", "écoute", "respect"]),
)
def test_values_find_never_reports_a_match_inside_a_word(filler: str, term: str) -> None:
    lexicon = ValueLexicon(values=(Value("v", (term,)),), source="test")
    text = filler + term + filler
    for _, start, end in lexicon.find(text):
        assert text[start:end].lower() == term
        assert start == 0 or not re.match(r"\w", text[start - 1])
        assert end == len(text) or not re.match(r"\w", text[end])


# --- loading files --------------------------------------------------------------------------


TOML_LEXICON = """
[[value]]
name = "dignité"
terms = ["dignité", "digne"]

[[value]]
name = "pouvoir d'agir"
terms = ["pouvoir d’agir", "Empowerment"]
"""


def test_values_load_toml_file(tmp_path: Path) -> None:
    path = write(tmp_path, "valeurs.toml", TOML_LEXICON)
    lexicon = load_lexicon(path)
    assert lexicon.source == str(path)
    assert lexicon.values == (
        Value("dignité", ("dignité", "digne")),
        Value("pouvoir d'agir", ("pouvoir d’agir", "empowerment")),
    )
    assert found(lexicon, "un logement digne et le pouvoir d'agir") == [
        ("dignité", "digne"),
        ("pouvoir d'agir", "pouvoir d'agir"),
    ]


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_values_load_yaml_file_with_the_same_shape(tmp_path: Path, suffix: str) -> None:
    content = (
        "value:\n"
        "  - name: dignité\n    terms: [dignité, digne]\n"
        "  - name: écoute\n    terms: [écoute, écouter]\n"
    )
    lexicon = load_lexicon(write(tmp_path, f"valeurs{suffix}", content))
    assert lexicon.names == ("dignité", "écoute")
    assert found(lexicon, "Écouter, c'est digne.") == [("écoute", "Écouter"), ("dignité", "digne")]


def test_values_bundled_lexicon_round_trips_through_yaml(tmp_path: Path, lexicon: ValueLexicon) -> None:
    data = {"value": [{"name": v.name, "terms": list(v.terms)} for v in lexicon.values]}
    path = write(tmp_path, "valeurs.yaml", yaml.safe_dump(data, allow_unicode=True))
    assert load_lexicon(path).values == lexicon.values


def test_values_unknown_top_level_key_names_key_and_file(tmp_path: Path) -> None:
    path = write(tmp_path, "valeurs.toml", 'langue = "fr"\n' + TOML_LEXICON)
    with pytest.raises(ConfigError, match="langue") as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


def test_values_unknown_key_in_a_value_names_key_and_file(tmp_path: Path) -> None:
    content = "value:\n  - name: dignité\n    synonymes: [digne]\n    terms: [dignité]\n"
    path = write(tmp_path, "valeurs.yaml", content)
    with pytest.raises(ConfigError, match="synonymes") as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("terms_line", ["terms = []", ""])
def test_values_value_without_terms_is_rejected(tmp_path: Path, terms_line: str) -> None:
    path = write(tmp_path, "valeurs.toml", f'[[value]]\nname = "dignité"\n{terms_line}\n')
    with pytest.raises(ConfigError, match='"dignité".*no terms'):
        load_lexicon(path)


def test_values_duplicate_names_are_rejected(tmp_path: Path) -> None:
    content = (
        '[[value]]\nname = "respect"\nterms = ["respect"]\n'
        '[[value]]\nname = "Respect"\nterms = ["respecter"]\n'
    )
    with pytest.raises(ConfigError, match="duplicate value name"):
        load_lexicon(write(tmp_path, "valeurs.toml", content))


def test_values_term_claimed_by_two_values_is_rejected(tmp_path: Path) -> None:
    # The same term written with two different apostrophes is still the same term.
    content = (
        '[[value]]\nname = "pouvoir d\'agir"\nterms = ["pouvoir d\'agir"]\n'
        '[[value]]\nname = "autonomie"\nterms = ["autonomie", "pouvoir d’agir"]\n'
    )
    with pytest.raises(ConfigError, match="claimed by two values") as info:
        load_lexicon(write(tmp_path, "valeurs.toml", content))
    assert '"pouvoir d\'agir" and "autonomie"' in str(info.value)


def test_values_non_text_term_is_rejected_with_a_quoting_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "valeurs.yaml", "value:\n  - name: liberté\n    terms: [liberté, yes]\n")
    with pytest.raises(ConfigError, match="Quote every term"):
        load_lexicon(path)


@pytest.mark.parametrize("term", ["", "   ", "- co"])
def test_values_term_without_a_leading_word_is_rejected(tmp_path: Path, term: str) -> None:
    path = write(tmp_path, "valeurs.toml", f'[[value]]\nname = "co-construction"\nterms = ["{term}"]\n')
    with pytest.raises(ConfigError, match="does not start with a letter"):
        load_lexicon(path)


def test_values_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "valeurs.toml", '[[value]]\nname = "dignité\n')
    with pytest.raises(ConfigError, match="invalid TOML") as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


def test_values_file_without_values_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no values found"):
        load_lexicon(write(tmp_path, "valeurs.toml", 'description = "vide"\n'))


def test_values_missing_file_and_wrong_extension_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_lexicon(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match=r"\.toml, \.yaml, \.yml"):
        load_lexicon(write(tmp_path, "valeurs.json", "{}"))
