"""Wikidata export: reconcile, a two-phase QuickStatements v1 batch, and the Wikibase RDF model.

* :mod:`.model` — items, statements, references, values; :class:`WikidataError`.
* :mod:`.mapping` — the P-id/Q-id map (``ontology/wikidata-map.ttl``).
* :mod:`.provenance` — which sources support which fact (the per-fact provenance model).
* :mod:`.build` — from the data to items with referenced statements (queries in
  ``sparql_resources/wikidata/``); :mod:`.text` — labels and descriptions.
* :mod:`.decisions` — the reviewed decisions file and the created-items file.
* :mod:`.api`, :mod:`.reconcile` — the Wikibase action API and the reconcile step.
* :mod:`.plan` — which item each entity edits or creates, and which phase each statement waits for.
* :mod:`.quickstatements`, :mod:`.wikibase_rdf` — the two writers; :mod:`.export` — entry points.

Nothing is ever posted: the batches are printed for review. The names below are imported on
first use, so that the command line can read a constant without loading the exporter.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "WIKIDATA_API": "api", "WikibaseApi": "api",
    "Session": "export", "export_phase_two": "export", "export_quickstatements": "export",
    "export_wikibase_rdf": "export",
    "WikibaseMap": "mapping",
    "NEW_ENTITY": "model", "PR": "model", "WD": "model", "WikidataError": "model",
    "RDF_FORMATS": "wikibase_rdf",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'casummit_rdf.wikidata' has no attribute {name!r}")
    return getattr(importlib.import_module(f"casummit_rdf.wikidata.{module}"), name)
