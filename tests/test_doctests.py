"""Docstring examples are executed, so the documented API stays true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["casummit_rdf", "casummit_rdf.namespaces", "casummit_rdf.sparql", "casummit_rdf.formats"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0, f"{name} has no docstring examples"
    assert failures == 0
