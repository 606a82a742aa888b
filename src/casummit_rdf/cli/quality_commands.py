"""``validate``, ``fmt`` and ``diff``: argument parsing only."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casummit_rdf.cli.exits import OK, PROBLEMS, USAGE, UsageError
from casummit_rdf.cli.options import add_format, chosen_format
from casummit_rdf.formats import Format, Kind

_LEVELS = ["error", "warn", "info", "none"]


def add_commands(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser(
        "validate",
        help="check data: Turtle syntax, SHACL shapes, QC checks, OWL consistency",
        description="Exit status: 0 no problem at or above --fail-on, 1 problems found, 2 unusable input.",
    )
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the bundled data)")
    validate.add_argument("--shapes", type=Path, help="SHACL shapes file (default: the bundled shapes)")
    validate.add_argument("--profile", type=Path, help="QC profile: 'RULE LEVEL' lines (default: ontology/qc-profile.txt)")
    validate.add_argument("--no-reasoner", action="store_true", help="skip the OWL reasoner (HermiT)")
    validate.add_argument("--no-checks", action="store_true", help="skip the QC checks (shapes and OWL only)")
    _add_engine(validate)
    validate.add_argument(
        "--require-reasoner", action="store_true",
        help="fail (exit 2) when the OWL reasoner cannot run, instead of reporting it as skipped",
    )
    add_format(validate, Kind.REPORT, default=Format.TEXT,
               help="report format (shacl: a W3C sh:ValidationReport in Turtle, with the shapes' own severities);")
    validate.add_argument(
        "--fail-on", choices=_LEVELS, default="error",
        help="exit 1 when a problem is at this level or above (default: error; none: never)",
    )
    validate.add_argument(
        "--changed", nargs="+", type=Path, metavar="FILE",
        help="validate only these files' subjects and the entities they reference",
    )
    validate.add_argument(
        "--since", metavar="GITREV",
        help="like --changed, with the RDF files changed since GITREV (committed, uncommitted or untracked)",
    )
    validate.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="colour in text output")
    validate.set_defaults(run=_cmd_validate)

    shacl = commands.add_parser(
        "shacl",
        help="validate any data against any SHACL shapes (no ontology, no QC checks, no reasoner)",
        description="Exit status: 0 the data conforms (no result at all, as SHACL defines it), "
        "1 results found, 2 unusable input or shapes the engine refuses.",
    )
    shacl.add_argument("data", nargs="+", type=Path, help="data files or folders")
    shacl.add_argument("--shapes", type=Path, action="append", required=True, metavar="FILE",
                       help="SHACL shapes file (repeatable)")
    _add_engine(shacl)
    shacl.add_argument("--format", choices=["text", "json", "turtle", "shacl"], default="text",
                       help="text or json problems, or the W3C report as Turtle (turtle, shacl)")
    shacl.set_defaults(run=_cmd_shacl)

    fmt = commands.add_parser(
        "fmt",
        help="rewrite Turtle files in canonical form (byte-stable)",
        description="Comments are allowed only in a header block before the first statement; "
        "notes go into rdfs:comment. Exit status: 0 done / nothing to change, 1 --check found files "
        "to change, 2 unusable input (nothing is written then).",
    )
    fmt.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the bundled data)")
    fmt.add_argument("--check", action="store_true", help="only list files that would change; exit 1 if any")
    fmt.add_argument(
        "--strip-comments", action="store_true",
        help="drop comments after the first statement instead of refusing the file (their text is lost)",
    )
    fmt.set_defaults(run=_cmd_fmt)

    diff = commands.add_parser(
        "diff",
        help="triple-level diff of two files, folders or git revisions (REV:PATH)",
        description="Sides are files, folders or git revisions with a path, e.g. HEAD~1:data.",
    )
    diff.add_argument("old", help="old side: path or REV:PATH")
    diff.add_argument("new", help="new side: path or REV:PATH")
    add_format(diff, Kind.DIFF, default=Format.TEXT, help="diff format;")
    diff.add_argument("--exit-code", action="store_true", help="exit 1 when the sides differ")
    diff.set_defaults(run=_cmd_diff)


def _add_engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine", choices=["turbo", "pyshacl"], default="turbo",
        help="SHACL engine: turbo (pyshacl-turbo, default) or pyshacl (the reference implementation)",
    )


def _cmd_shacl(args: argparse.Namespace) -> int:
    from casummit_rdf.graph import load_graph
    from casummit_rdf.problems import Stage, ValidationReport
    from casummit_rdf.reports import render
    from casummit_rdf.shacl import ShaclEngine, load_shapes, report_turtle, run_shacl

    graph = load_graph(args.data, with_ontology=False)
    engine = ShaclEngine(args.engine)
    outcome = run_shacl(graph, load_shapes(args.shapes), engine=engine, count_warnings=True)
    if args.format in ("turtle", "shacl"):
        sys.stdout.write(report_turtle(outcome.report).decode("utf-8"))
    else:
        report = ValidationReport(
            problems=sorted(outcome.problems, key=lambda p: p.sort_key()), files=graph.data_files,
            triples=len(graph), checks=[Stage("SHACL", engine.label)],
        )
        if args.format == "json":
            sys.stdout.write(render(report, Format.JSON, fail_on=None))
        else:
            sys.stdout.write("".join(f"{p}\n" for p in report.problems) + report.summary() + "\n")
    return OK if outcome.conforms else PROBLEMS


def _fail_level(name: str):  # noqa: ANN202 - Severity | None
    from casummit_rdf.problems import Severity

    return None if name == "none" else Severity.parse(name)


def _cmd_validate(args: argparse.Namespace) -> int:
    from casummit_rdf.errors import DataError
    from casummit_rdf.problems import Problem, Severity, Stage, ValidationReport
    from casummit_rdf.reports import render
    from casummit_rdf.shacl import ShaclEngine
    from casummit_rdf.validate import validate

    fail_on = _fail_level(args.fail_on)
    fmt = chosen_format(args, Kind.REPORT) or Format.TEXT
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    changed = args.changed
    if args.since:
        if changed:
            raise UsageError("give --changed or --since, not both")
        changed = changed_since(args.since, args.paths or None)
        if not changed:
            print(f"no RDF file changed since {args.since}: nothing to validate", file=sys.stderr)
            return OK
    try:
        report = validate(
            args.paths or None,
            shapes=args.shapes,
            reasoner=not args.no_reasoner,
            engine=ShaclEngine(args.engine),
            checks=not args.no_checks,
            profile=args.profile,
            changed=changed,
            require_reasoner=args.require_reasoner,
        )
    except DataError as error:
        if error.location is None or fmt is Format.TEXT:
            raise
        # A syntax error is reported in the requested format too, so CI annotates the line.
        problem = Problem.about_file(Severity.ERROR, "syntax-error", error.message, error.location)
        sys.stdout.write(render(ValidationReport(problems=[problem], checks=[Stage("parse")]), fmt, fail_on=fail_on))
        print(f"casummit: error: {error}", file=sys.stderr)
        return USAGE
    sys.stdout.write(render(report, fmt, color=color, fail_on=fail_on))
    return PROBLEMS if report.fails(fail_on) else OK


def changed_since(rev: str, paths: list[Path] | None) -> list[Path]:
    """RDF files changed since ``rev`` (added, modified, uncommitted or untracked) under ``paths``."""
    from casummit_rdf import resources
    from casummit_rdf.gitrev import changed_since as git_changed
    from casummit_rdf.graph import RDF_SUFFIXES

    return git_changed(rev, paths or [resources.data_dir()], RDF_SUFFIXES)


def _cmd_fmt(args: argparse.Namespace) -> int:
    from casummit_rdf.canonical import format_paths
    from casummit_rdf.locations import display_path

    result = format_paths(args.paths or None, check=args.check, strip_comments=args.strip_comments)
    for path in result.changed:
        print(("would reformat " if args.check else "reformatted ") + display_path(path))
    unchanged = len(result.files) - len(result.changed)
    verb = "would be reformatted" if args.check else "reformatted"
    print(f"{len(result.changed)} file(s) {verb}, {unchanged} already canonical", file=sys.stderr)
    return PROBLEMS if args.check and result.changed else OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from casummit_rdf.diff import diff_specs, render

    diff = diff_specs(args.old, args.new)
    sys.stdout.write(render(diff, chosen_format(args, Kind.DIFF) or Format.TEXT))
    return PROBLEMS if args.exit_code and not diff.empty else OK
