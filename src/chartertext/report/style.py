"""How the report looks: its chart style, colours and French number formats.

Every chart of the report is drawn inside :func:`figure_style`, and the page and the charts
write numbers the same way (:func:`fr_number`, :func:`fr_percent`): a French reader sees
"0,25" and "40 %", never "0.25" and "40%". Each group keeps one colour across every chart
(:func:`group_colours`, Okabe–Ito, legible to colour-blind readers).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import matplotlib
from matplotlib import colormaps
from matplotlib.colors import Colormap

#: rcParams every report figure is drawn with.
RC_PARAMS: dict[str, object] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10.0,
    "axes.titleweight": "bold",
    "legend.frameon": False,
    "legend.fontsize": 8.0,
    "svg.image_inline": True,
}

#: Okabe & Ito (2008) colours, yellow last (faint on white); the topic palette takes over beyond eight groups.
GROUP_PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442",
)
TOPIC_PALETTE: tuple[str, ...] = (
    "#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F",
    "#86BCB6", "#D4A6C8", "#8CD17D", "#F1CE63", "#A0CBE8", "#FFBE7D", "#499894", "#D37295", "#B6992D",
)
OUTLIER_COLOUR = "#BBBBBB"
FLAG_COLOUR = "#9A9A9A"
#: Colours of the convergence components, apart from the index (blue) and the onset (vermilion).
COMPONENT_COLOURS: dict[str, str] = {
    "semantic": "#56B4E9", "thematic": "#CC79A7", "lexical": "#009E73", "separability": "#999999",
}
ONSET_COLOUR = "#D55E00"
INDEX_COLOUR = "#0072B2"
#: French names of the convergence components.
COMPONENT_LABELS: dict[str, str] = {
    "semantic": "sémantique", "thematic": "thématique", "lexical": "lexicale", "separability": "séparabilité",
}


@contextmanager
def figure_style() -> Iterator[None]:
    """The report's rcParams for the duration of the block (the global state is restored after)."""
    with matplotlib.rc_context(RC_PARAMS):
        yield


def fr_number(value: float, digits: int = 2) -> str:
    """``0.25`` → ``"0,25"``, ``-0.5`` → ``"−0,50"``: French decimal comma and a true minus sign."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "\u2212")


def fr_percent(value: float, digits: int = 0) -> str:
    """``0.4`` → ``"40 %"`` with the narrow no-break space of French typography."""
    return f"{value * 100:.{digits}f}".replace(".", ",") + "\u202f%"


def group_colours(groups: Sequence[str]) -> dict[str, str]:
    """One colour per group, in the order given (pass every group of the corpus, sorted)."""
    extra = [c for c in TOPIC_PALETTE if c not in GROUP_PALETTE]
    palette = list(GROUP_PALETTE) + extra
    return {g: palette[i % len(palette)] for i, g in enumerate(groups)}


def stepped_colormap(name: str, n: int) -> Colormap:
    """Matplotlib colormap ``name`` in ``n`` steps, light grey where a value is missing."""
    return colormaps[name].resampled(n).with_extremes(bad="#EEEEEE")
