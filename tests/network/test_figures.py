"""One SVG per period, every actor at the same place, the same bytes every time."""

from __future__ import annotations

from chartertext.network import layout, write_figures


def test_figures_one_svg_per_period_and_one_for_the_whole_corpus(small_network, tmp_path):
    names = write_figures(small_network, tmp_path)
    assert names == ["network_all.svg", "network_2024-Q1.svg", "network_2024-Q2.svg"]
    svg = (tmp_path / "network_all.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "Hélène Dupont" in svg  # pivots are labelled, accents kept


def test_figures_are_deterministic(small_network, tmp_path):
    write_figures(small_network, tmp_path / "a")
    write_figures(small_network, tmp_path / "b")
    for name in ("network_all.svg", "network_2024-Q1.svg"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_figures_layout_is_shared_by_every_period(small_network):
    positions = layout(small_network)
    assert set(positions) == set(small_network.graphs().copresence.nodes)
    assert positions == layout(small_network)


def test_figures_rename_reaches_the_labels(small_network, tmp_path):
    write_figures(small_network, tmp_path, rename=lambda name: "P01" if name == "Hélène Dupont" else "P02")
    svg = (tmp_path / "network_all.svg").read_text(encoding="utf-8")
    assert "Dupont" not in svg and "P01" in svg
