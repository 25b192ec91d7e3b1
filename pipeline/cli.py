"""The `naba` command: a thin layer over pipeline.runner, pipeline.evaluate and the trainers."""
from __future__ import annotations

import argparse
import json
import os
import sys

from .reader import DEFAULT_MAX_CHARS

TRAINERS = {"ner": "ner", "stanza-ner": "stanza_ner", "clusters": "clusters", "gazetteer": "gazetteer",
            "lexicon": "lexicon"}


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C outside a run's writing loop (loading, scoring): one line, no traceback
        print("naba: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="naba", description="Arabic news information extraction")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="annotate documents into OUT/docs.jsonl")
    run.add_argument("inputs", nargs="+", help="files, folders, globs, or - for JSONL on stdin")
    run.add_argument("-o", "--output", required=True, help="output folder")
    run.add_argument("--workers", type=int, default=1, help="processes (output is identical for any N)")
    run.add_argument("--resume", action="store_true", help="skip documents already in the output")
    run.add_argument("--dct", help="document creation date (YYYY-MM-DD) for every input")
    run.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS)
    run.add_argument("--stages", help="comma-separated stages (default: all)")
    run.add_argument("--limit", type=int, help="stop after this many documents")
    run.add_argument("--ner", choices=["naba", "camel", "stanza"], default="naba",
                     help="NER backend: the shipped model (default), or camel-tools / Stanza models you have installed")
    run.add_argument("--ner-model", help="path of another model for the backend (a models/ folder, a Stanza .pt)")
    run.add_argument("--no-progress", action="store_true")
    run.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local: processes on this machine (default); dask: dask.distributed (pip install 'naba[dask]')")
    run.add_argument("--scheduler", help="with --engine dask: the address of a running dask scheduler "
                                         "(default: a LocalCluster of --workers processes)")

    ev = commands.add_parser("eval", help="score docs.jsonl against gold files (spec/evaluation.md)")
    ev.add_argument("gold_dir")
    ev.add_argument("predictions")
    ev.add_argument("--json", action="store_true")

    train = commands.add_parser("train", help="rebuild a model or list from ../shared/data (see models/*/README.md)")
    train.add_argument("what", choices=sorted(TRAINERS))
    train.add_argument("options", nargs=argparse.REMAINDER, help="passed on, e.g. --score-only")

    agg = commands.add_parser("aggregate", help="rebuild events.jsonl/csv/geojson of a run from its docs.jsonl")
    agg.add_argument("docs", help="docs.jsonl, or the output folder holding it")
    agg.add_argument("-o", "--output", help="folder for the event files (default: beside docs.jsonl)")

    show = commands.add_parser("show", help="a document (or all) of docs.jsonl as right-to-left HTML")
    show.add_argument("docs", help="docs.jsonl, or the output folder holding it")
    show.add_argument("--id", help="the document to show (default: every document, one page)")
    show.add_argument("-o", "--output", default="-", help="page.html (default: stdout)")

    args = parser.parse_args(argv)
    if args.command == "train":
        import importlib
        importlib.import_module(f"pipeline.train.{TRAINERS[args.what]}").main(args.options)
        return 0
    if args.command == "run":
        return _run(args)
    if args.command == "eval":
        return _eval(args)
    if args.command == "aggregate":
        return _aggregate(args.docs, args.output)
    if args.command == "show":
        from .render import show as show_page
        return show_page(args.docs, args.id, args.output)
    return 2


def _run(args) -> int:
    from .ner.backends import BackendUnavailable
    from .reader import scan
    from .runner import Interrupted, OutputLocked, run

    problem = _check_run_options(args)
    if problem:
        return _fail(problem)
    try:
        found = scan(args.inputs)
    except OSError as exc:
        return _fail(str(exc))
    for path, why in found.skipped:
        if why == "not a regular file":
            print(f"naba: warning: skipping {path}: {why}", file=sys.stderr)
    if not any(p == "-" or os.path.exists(p) for p in found.paths):
        return _fail(f"no inputs found in {' '.join(args.inputs)}")
    options = {"ner": args.ner}
    if args.ner_model:
        options["ner_model"] = args.ner_model
    if args.stages:
        options["stages"] = [s.strip() for s in args.stages.split(",") if s.strip()]
    try:
        summary = run(args.inputs, args.output, workers=args.workers, resume=args.resume, dct=args.dct,
                      max_chars=args.max_chars, progress=False if args.no_progress else None,
                      limit=args.limit, engine=args.engine, scheduler=args.scheduler, **options)
    except Interrupted as exc:
        written = exc.summary.ok + exc.summary.errors
        print(f"naba: interrupted: {written} documents written whole to {exc.summary.output}; "
              f"continue with --resume", file=sys.stderr)
        return 128 + exc.signum
    except (OSError, ValueError, OutputLocked, BackendUnavailable) as exc:
        return _fail(str(exc))
    print(summary.line(), file=sys.stderr)
    if "stages" not in options or "events" in options["stages"]:
        return _aggregate(args.output, args.output)
    return 0


def _aggregate(docs: str, output: str | None) -> int:
    """Events across the run's documents: events.jsonl, events.csv (ACLED columns), events.geojson."""
    from .aggregate import aggregate, write

    path = os.path.join(docs, "docs.jsonl") if os.path.isdir(docs) else docs
    if not os.path.exists(path):
        return _fail(f"no docs.jsonl at {docs}")
    try:
        frame = aggregate(path)
    except ValueError as exc:
        return _fail(str(exc))
    paths = write(frame, output or os.path.dirname(os.path.abspath(path)))
    n_reports = int(frame["sources"].map(len).sum()) if len(frame) else 0
    print(f"naba: {n_reports} document events merged into {len(frame)} events: "
          f"{', '.join(str(p) for p in paths.values())}", file=sys.stderr)
    return 0


def _check_run_options(args) -> str | None:
    """What is wrong with the options of `naba run`, before anything is read or written."""
    from .document import iso_day
    from .reader import parse_date

    if args.workers < 1:
        return f"--workers must be 1 or more, not {args.workers}"
    if args.scheduler and args.engine != "dask":
        return "--scheduler needs --engine dask"
    if args.max_chars < 1:
        return f"--max-chars must be 1 or more, not {args.max_chars}"
    if args.limit is not None and args.limit < 0:
        return f"--limit must be 0 or more, not {args.limit}"
    if args.dct is not None and iso_day(args.dct) is None:
        day = parse_date(args.dct)
        return (f"--dct {args.dct!r} is not a day in YYYY-MM-DD form"
                f"{f' (did you mean {day}?)' if day else ''}")
    return None


def _eval(args) -> int:
    from .evaluate import evaluate, format_table

    if not os.path.isdir(args.gold_dir) or not os.path.exists(args.predictions):
        return _fail(f"need a gold folder and a predictions file: {args.gold_dir} {args.predictions}")
    try:
        report = evaluate(args.gold_dir, args.predictions)
    except ValueError as exc:  # a damaged predictions file (a torn last line is only warned about)
        return _fail(str(exc))
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_table(report))
    return 0


def _fail(message: str) -> int:
    print(f"naba: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
