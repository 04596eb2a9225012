"""The whole network of a corpus: a hand-written one, the demo corpus and a real council."""

from __future__ import annotations

import datetime as dt

import pytest

from chartertext.errors import ConfigError
from chartertext.network import analyse_network


def _actor(network, alias: str) -> str:
    return network.aliases.set_index("alias").at[alias, "actor"]


def test_analysis_small_corpus_one_deputy_mayor_in_both_commissions(small_network):
    spellings = ["Mme Hélène Dupont", "Madame DUPONT", "H. Dupont", "Hélène DUPONT", "Mme Dupont", "L'adjointe au maire"]
    assert {_actor(small_network, s) for s in spellings} == {"Hélène Dupont"}
    actors = small_network.actors.set_index("actor")
    assert actors.at["Hélène Dupont", "meetings"] == 4
    assert actors.at["Hélène Dupont", "role"] == "adjointe au maire"
    assert small_network.pivots["actor"].tolist() == ["Hélène Dupont", "Nadia Chérif"]


def test_analysis_small_corpus_excused_is_not_a_bridge(small_network):
    # Mme Leroux attends logement twice and is excused from santé: one group only.
    actors = small_network.actors.set_index("actor")
    assert (actors.at["Rose Leroux", "groups"], actors.at["Rose Leroux", "excused"]) == (1, 1)
    assert not actors.at["Rose Leroux", "bridging"]


def test_analysis_small_corpus_organisation_vs_person(small_network):
    actors = small_network.actors.set_index("actor")
    assert actors.at["Le Relais", "kind"] == "organisation" and actors.at["Le Relais", "meetings"] == 1
    assert actors.at["Paul Martin", "kind"] == "person" and actors.at["Paul Martin", "organisation"] == "CCAS"
    # The CCAS is in the room only through M. Martin and Mme Chérif: represented, not a participant.
    assert actors.at["CCAS", "meetings"] == 0 and actors.at["CCAS", "represented"] == 3


def test_analysis_represented_organisations_can_be_counted(small_corpus):
    network = analyse_network(small_corpus, represented=True)
    assert network.actors.set_index("actor").at["CCAS", "meetings"] == 3


def test_analysis_small_corpus_periods_and_process_end(small_corpus, small_network):
    assert small_network.order == ("2024-Q1", "2024-Q2")
    assert small_network.periods["meetings"].tolist() == [3, 1]
    after = analyse_network(small_corpus, process_end=dt.date(2024, 3, 31), min_meetings=1)
    assert after.continuity.method == "process_end"
    assert set(after.continuity.last_core) == {"Hélène Dupont", "Anne Moreau", "Jean Petit", "Nadia Chérif"}


def test_analysis_graphs_of_a_period_and_cumulative(small_network):
    assert small_network.graphs("2024-Q2").copresence.number_of_nodes() == 4
    assert small_network.graphs("2024-Q2", cumulative=True).copresence.number_of_nodes() == len(
        small_network.actors[small_network.actors["meetings"] > 0]
    )
    with pytest.raises(ConfigError, match="2030-Q1"):
        small_network.graphs("2030-Q1")


@pytest.mark.parametrize(("options", "message"), [({"freq": "weekly"}, "weekly"), ({"top": 0}, "top")])
def test_analysis_bad_options_are_refused(small_corpus, options, message):
    with pytest.raises(ConfigError, match=message):
        analyse_network(small_corpus, **options)


def test_analysis_demo_designed_pivots_rank_first(demo_network):
    # corpora/demo/README.md: the deputy mayor, the CCAS director, the network coordinator and
    # the sociologist go from commission to commission.
    designed = {"Hélène Lambert", "Olivier Ferrand", "Nadia Chérif", "Claire Vasseur"}
    assert set(demo_network.pivots["actor"].head(4)) == designed
    for row in demo_network.pivots.head(4).itertuples():
        assert row.groups == 5  # the four commissions and the plenary


def test_analysis_demo_spellings_from_the_readme_resolve_to_one_actor(demo_network):
    aliases = demo_network.aliases.set_index("alias")["actor"]
    lambert = ["Mme Lambert", "Madame LAMBERT", "Hélène LAMBERT", "H. Lambert", "Lambert", "L'adjointe au maire"]
    cherif = ["Mme Chérif", "N. Chérif", "Nadia CHERIF"]
    found_lambert = [s for s in lambert if s in aliases.index]
    assert len(found_lambert) >= 5
    assert {aliases[s] for s in found_lambert} == {"Hélène Lambert"}
    assert {aliases[s] for s in cherif} == {"Nadia Chérif"}


# Attendance lists of the two committees as they read in the minutes (../shared/corpora/
# paris14-conseil-quartier/docs): "Présents", "Invité(e)s", "Participants", and the "Bureau" and
# "Conseillers de Quartier" lists of the bureau élargi of 14 January 2016. Typed by hand.
COMITE_ANIMATION = {
    "cra2": ["Mélody Tonolli", "Caroline Billard", "Martial Buisson", "Julie Bodron", "Claire Granie", "Frédéric Boitard"],
    "cra4": ["Helga", "Kadidatiou", "Alexis", "Zeliha", "Lynda", "Eric"],
    "cra5": ["Helga", "Lynda", "Kadidatiou", "Juliette", "Eric", "Geneviève", "Laurence"],
    "cra6": ["Zéliha", "Lynda", "Helga", "Geneviève", "Eric"],
    "cra9": ["Helga", "Geneviève", "Lynda", "Zéliha", "Kadidatiou", "Eric"],
    "cra12": ["Guillaume Durand", "Sidonie Parisot", "Thomas Aygualenc"],
    "a2016janv14": [
        "Frédéric Boitard", "Mohamed Habib Besrour", "Guillaume Durand", "Yannick Pomarat", "Sidonie Parisot",
        "Michel Popov", "Stéphanie Guillon", "Frédéric Leconte", "Blandine Serero", "France Costa", "Nicole Deshayes",
        "Clarisse Lecareux", "Michelle Caillat", "Biel Ortun", "Christophe Morin", "Andrea Paganini", "Bernard Blanché",
    ],
}  # fmt: skip
COMMISSION_URBANISME = {
    "cr2": ["Paul", "Jean-Philippe", "Antonella", "Claire", "Chantal", "Eric", "Agnès Bertrand", "Jérôme Perrot"],
    "cr3": ["Antonella", "Jean-Philippe", "Benjamin", "Chantal", "Paul", "Michel", "Christelle", "Nathalie", "Eric"],
    "cr4": ["Jean-Philippe", "Chantal", "Paul", "Claire", "Annie", "Rachida", "Hélène", "Eric"],
    "cr5": ["Donatella", "Jean-Philippe", "Chantal", "Paul", "Claire", "Rachida", "Rougui", "Nathalie", "Eric"],
    "cr6": ["Antonnella", "Chantal", "Paul", "Rachida", "Jean-Louis", "Eric", "Sylvia"],
    "cr7": ["Annie", "Frédéric", "Antonella", "Claire", "Rachida", "Laurence", "Eric", "François Cantagreil"],
    "cr9": ["Paul Baroin", "Jérôme Perrot", "Clément", "Claire", "Annie", "Marion", "Antonella", "Eric"],
    "cr10": ["Rachida", "Antonella", "Julia", "Marion", "Aurianne", "Annie", "Eric"],
    "cr11": ["Agnès Bertrand", "Candice Mercier"],
    "cr12": ["Yves Jouanique"],
    "u2016avril7cr": [
        "Nicolas Behr", "Eric Bouchaud", "Claude Levy", "France Costa", "Chantal Godinot", "Mohamed Habib Besrour",
        "Yannick Pomarat", "Michel Popov", "Rachida Gardinois", "Fabienne Abecassis", "Frédéric Boitard",
    ],
}  # fmt: skip


def _attendees(minutes: dict[str, list[str]]) -> set[str]:
    return {name for names in minutes.values() for name in names}


def test_analysis_paris14_people_in_both_committees_are_the_bridges_between_them(paris14_network):
    both = _attendees(COMITE_ANIMATION) & _attendees(COMMISSION_URBANISME)
    assert len(both) >= 5  # the transcription itself: Eric, Laurence, the 2016 bureau members …
    expected = {_actor(paris14_network, name) for name in both}
    actors = paris14_network.actors
    spanning = actors[actors["group_list"].map(lambda g: {"comite-animation", "commission-urbanisme"} <= set(g))]
    assert set(spanning["actor"]) == expected
    assert spanning["bridging"].all() and (spanning["participation"] > 0).all()


def test_analysis_paris14_the_most_regular_crosser_is_the_first_pivot(paris14_network):
    def crossings(name: str) -> int:
        counts = [sum(name in names for names in c.values()) for c in (COMITE_ANIMATION, COMMISSION_URBANISME)]
        return min(counts)

    both = _attendees(COMITE_ANIMATION) & _attendees(COMMISSION_URBANISME)
    regular = max(both, key=crossings)
    assert crossings(regular) > max(crossings(n) for n in both - {regular})
    assert paris14_network.pivots["actor"].iat[0] == _actor(paris14_network, regular)
