"""The README's "Python API" section runs as written: its snippets are executed in order, in one namespace.

As sqlite-utils tests its documentation: a renamed function or a changed attribute breaks this test,
not a reader's first session. The snippets read ``corpora/demo`` from the working folder; here that
folder is a temporary one holding the small planted corpus (the demo's nine months would take minutes),
and every output (reports, the embedding cache) is written there.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks(section: str) -> list[str]:
    """The ```python blocks of the README section titled ``section``, in order."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## )", text, flags=re.M | re.S)
    assert match, f"README has no '## {section}' section"
    return re.findall(r"^```python\n(.*?)^```", match.group(1), flags=re.M | re.S)


def test_readme_python_api_section_has_snippets_using_the_front_door():
    blocks = python_blocks("Python API")
    assert len(blocks) >= 3
    assert blocks[0].startswith("import chartertext as ct")
    assert ".from_toml(" not in "".join(re.sub(r"#.*", "", b) for b in blocks)  # no config file a reader lacks


@pytest.mark.slow
def test_readme_python_api_snippets_run(planted_folder, tmp_path, monkeypatch):
    shutil.copytree(planted_folder, tmp_path / "corpora" / "demo")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    for number, block in enumerate(python_blocks("Python API"), start=1):
        exec(compile(block, f"README.md Python API block {number}", "exec"), namespace)  # noqa: S102
    assert (tmp_path / "reports" / "demo" / "summary.json").is_file()
    assert any("pseudonym" in note for note in namespace["done"].analysis.notes)
    assert namespace["result"].vectors.shape[0] == len(namespace["corpus"].segments)


def shell_examples() -> list[list[str]]:
    """Every concrete ``chartertext …`` command of the README's ```sh blocks (synopsis lines with [options] left out)."""
    import shlex

    text = README.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.M | re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            line = re.sub(r"^python -m chartertext\b", "chartertext", line)
            if line.startswith("chartertext ") and "[" not in line and "..." not in line:
                commands.append(shlex.split(line)[1:])
    return commands


def test_readme_shell_examples_name_real_commands_and_options():
    # Parsed by the real command line (click's parser), not run: a renamed command or option, a
    # missing argument or a value of the wrong type in an example fails here.
    import click
    import typer

    from chartertext.cli import app

    command = typer.main.get_command(app)
    examples = shell_examples()
    assert len(examples) >= 10
    root = click.Context(command, info_name="chartertext")
    for name, *rest in examples:
        sub = command.get_command(root, name)
        assert sub is not None, f"README example names no command: chartertext {name}"
        sub.make_context(name, list(rest), parent=root)


def test_readme_configuration_example_is_a_valid_run_config():
    # Every key of the README's configuration example exists, with a value of the right type.
    import tomllib

    from chartertext.config import RunConfig

    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Configuration\n.*?^```toml\n(.*?)^```", text, flags=re.M | re.S)
    assert match, "README has no ```toml block under '## Configuration'"
    config = RunConfig.from_dict(tomllib.loads(match.group(1)), "README.md")
    assert config.convergence.min_meetings == 2 and config.groups.by == "group"
