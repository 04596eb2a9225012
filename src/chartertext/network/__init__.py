"""The actor network behind the minutes: who took part, who met whom, who bridged the groups.

Stages, one module each: names are read from attendance lists and speaker cues
(:mod:`.actors`, with the name grammar of :mod:`chartertext.people`), resolved into actors with a user-editable
alias table (:mod:`.aliases`), turned into networkx graphs (:mod:`.graphs`) and measured
(:mod:`.measures`); :mod:`.analysis` chains them, :mod:`.summary`, :mod:`.figures` and
:mod:`.outputs` present them.

>>> from chartertext.corpus import ingest_corpus  # doctest: +SKIP
>>> from chartertext.network import analyse_network, to_summary
>>> network = analyse_network(ingest_corpus("corpora/demo"), aliases="aliases.csv")  # doctest: +SKIP
>>> to_summary(network, rename=pseudonymise)["pivots"][0]["actor"]  # doctest: +SKIP
"""

from ..people.lists import Entry, parse_list, parse_people
from ..people.written import PersonName, person_name
from .actors import MENTION_COLUMNS, PRESENT_STATUSES, STATUSES, extract_mentions, meetings_table
from .aliases import ALIAS_COLUMNS, ALIAS_KINDS, apply_aliases, read_aliases, resolve_aliases, write_aliases
from .analysis import NETWORK_FREQS, ActorNetwork, analyse_network
from .figures import draw_period, layout, write_figures
from .graphs import (
    PARTICIPATION_COLUMNS,
    Networks,
    build_graphs,
    copresence_graph,
    graphs_by_period,
    group_graph,
    meeting_graph,
    participation,
)
from .measures import (
    Continuity,
    actor_measures,
    bridging_actors,
    core_continuity,
    participation_coefficient,
    period_measures,
    pivots,
)
from .outputs import network_tables, write_network_files
from .summary import to_summary

__all__ = [
    "ALIAS_COLUMNS",
    "ALIAS_KINDS",
    "MENTION_COLUMNS",
    "NETWORK_FREQS",
    "PARTICIPATION_COLUMNS",
    "PRESENT_STATUSES",
    "STATUSES",
    "ActorNetwork",
    "Continuity",
    "Entry",
    "Networks",
    "PersonName",
    "actor_measures",
    "analyse_network",
    "apply_aliases",
    "bridging_actors",
    "build_graphs",
    "copresence_graph",
    "core_continuity",
    "draw_period",
    "extract_mentions",
    "graphs_by_period",
    "group_graph",
    "layout",
    "meeting_graph",
    "meetings_table",
    "network_tables",
    "parse_list",
    "parse_people",
    "participation",
    "participation_coefficient",
    "period_measures",
    "person_name",
    "pivots",
    "read_aliases",
    "resolve_aliases",
    "to_summary",
    "write_aliases",
    "write_figures",
    "write_network_files",
]
