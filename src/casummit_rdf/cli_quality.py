"""CLI face of the quality tools: ``validate`` (and, as they land, ``fmt`` and ``diff``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from casummit_rdf.cli import EXIT_OK, EXIT_PROBLEMS


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the quality sub-commands on the ``casummit`` parser."""
    validate = commands.add_parser("validate", help="check data: Turtle syntax, SHACL shapes, OWL consistency")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the bundled data)")
    validate.add_argument("--shapes", type=Path, help="SHACL shapes file (default: the bundled shapes)")
    validate.add_argument("--no-reasoner", action="store_true", help="skip the OWL reasoner (HermiT)")
    validate.add_argument(
        "--engine", choices=["fast", "pyshacl"], default="fast",
        help="fast: SPARQL constraints run once over the whole graph (default); pyshacl: plain pySHACL",
    )
    validate.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    validate.set_defaults(run=_cmd_validate)



def _cmd_validate(args: argparse.Namespace) -> int:
    from casummit_rdf.validate import ShaclEngine, validate

    report = validate(
        args.paths or None, shapes=args.shapes, reasoner=not args.no_reasoner, engine=ShaclEngine(args.engine)
    )
    if args.format == "json":
        payload = {
            "conforms": report.conforms,
            "files": len(report.files),
            "triples": report.triples,
            "problems": [
                {
                    "severity": str(p.severity),
                    "rule": p.rule,
                    "file": str(p.location.path) if p.location else None,
                    "line": p.location.line if p.location else None,
                    "subject": p.subject,
                    "predicate": p.predicate,
                    "value": p.value,
                    "message": p.message,
                }
                for p in report.problems
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(problem)
        print(report.summary())
    return EXIT_OK if report.conforms else EXIT_PROBLEMS


