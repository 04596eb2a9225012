"""Every docstring example of the package runs, module by module (as ``python -m doctest`` would).

Collected here rather than with ``--doctest-modules`` so that the tests' own conftest files are
never imported a second time as modules. Examples marked ``# doctest: +SKIP`` need a model or a
corpus folder; every other one runs.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import chartertext

#: Running it would start the command line.
_NOT_IMPORTED = {"chartertext.__main__"}


def _modules() -> list[str]:
    names = ["chartertext"]
    for info in pkgutil.walk_packages(chartertext.__path__, prefix="chartertext."):
        if info.name not in _NOT_IMPORTED:
            names.append(info.name)
    return sorted(names)


def _examples(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    return [t for t in doctest.DocTestFinder().find(module, name) if t.examples]


MODULES_WITH_EXAMPLES = [name for name in _modules() if _examples(name)]


def test_doctests_are_found_in_many_modules():
    assert len(MODULES_WITH_EXAMPLES) >= 30


@pytest.mark.parametrize("name", MODULES_WITH_EXAMPLES)
def test_doctests_of_module_run(name):
    runner = doctest.DocTestRunner(verbose=False)
    for test in _examples(name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed (see the output above)"
