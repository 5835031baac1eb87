"""Command line: python -m ita_analytics {init, import-ita, import-cpi, import-indicator, remove-indicator, template, info}.

Exit codes: 0 done, 1 invalid input (nothing changed), 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import config, db
from .ingest.errors import InputFileError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ita_analytics", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=None,
                        help=f"database file (default $ITA_DB or {config.DATA_DIR / 'ita.duckdb'})")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", parents=[common], help="build the database with the demo data")
    init.add_argument("--scale", type=_positive, default=1, help="N times as many synthetic agencies")
    init.add_argument("--force", action="store_true", help="replace an existing database")
    for name, what in (("import-ita", "ITA agency results (CSV or XLSX)"), ("import-cpi", "a TI CPI file")):
        commands.add_parser(name, parents=[common], help=f"import {what}").add_argument("file", type=Path)
    indicator = commands.add_parser("import-indicator", parents=[common],
                                    help="import your own national-year or province-year indicators (CSV or XLSX)")
    indicator.add_argument("file", type=Path)
    indicator.add_argument("--source", help="where the data comes from (kept with the import)")
    remove = commands.add_parser("remove-indicator", parents=[common], help="remove an imported indicator")
    remove.add_argument("name", help="the indicator's name (its column header)")
    template = commands.add_parser("template", parents=[common], help="write the ITA import template")
    template.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    info = commands.add_parser("info", parents=[common], help="what the database holds")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _init(args: argparse.Namespace) -> int:
    from .build import build_database

    path = args.db or config.default_db_path()
    if path.exists() and not args.force:
        print(f"{path}: a database is already there; add --force to replace it", file=sys.stderr)
        return EXIT_INVALID
    build_database(path, scale=args.scale)
    print(f"built {path} (synthetic demo data, scale {args.scale})")
    return EXIT_OK


def _import_ita(args: argparse.Namespace) -> int:
    from .ingest.ita import import_ita

    summary = import_ita(args.file, args.db)
    for warning in summary.warnings:
        print(f"warning: {args.file.name}: {warning}", file=sys.stderr)
    years = ", ".join(f"{y + 543} ({y})" for y in summary.years)
    print(f"imported {summary.rows} results of {summary.agencies} agencies for fiscal years {years}")
    return EXIT_OK


def _import_cpi(args: argparse.Namespace) -> int:
    from .ingest.cpi import import_cpi

    summary = import_cpi(args.file, args.db)
    print(f"imported {summary.rows} CPI country-years ({min(summary.years)}–{max(summary.years)}) "
          f"and {summary.sources} source scores from {summary.sheet or args.file.name}")
    return EXIT_OK


def _import_indicator(args: argparse.Namespace) -> int:
    from .ingest.indicator import import_indicator

    summary = import_indicator(args.file, args.db, source=args.source)
    years = f"{min(summary.years) + 543}–{max(summary.years) + 543} ({min(summary.years)}–{max(summary.years)})"
    print(f"imported {summary.rows} {summary.level}-year values of {len(summary.indicators)} indicator(s) "
          f"for {years}: {', '.join(summary.indicators)}")
    for name in summary.replaced:
        print(f"replaced the earlier import of {name!r}")
    return EXIT_OK


def _remove_indicator(args: argparse.Namespace) -> int:
    from .ingest.indicator import remove_indicator

    try:
        removed = remove_indicator(args.name, args.db)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return EXIT_INVALID
    print(f"removed {args.name!r} ({removed} values)")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from .template import write_template

    print(f"wrote {write_template(args.out)}")
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    from .info import database_info

    with db.connect(args.db) as con:
        summary = database_info(con)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return EXIT_OK
    print("fiscal year  agencies  mean   pass rate  synthetic")
    for row in summary["ita"]:
        print(f"{row['fiscal_year'] + 543} ({row['fiscal_year']})  {row['agencies']:>8}  {row['mean_score']:5.2f}"
              f"  {row['pass_rate']:9.2%}  {'yes' if row['synthetic'] else 'no'}")
    cpi = summary["cpi"]
    print(f"CPI: {cpi['countries']} countries, {cpi['first_year']}–{cpi['last_year']}")
    print(f"imports: {len(summary['imports'])}")
    return EXIT_OK


COMMANDS = {"init": _init, "import-ita": _import_ita, "import-cpi": _import_cpi,
            "import-indicator": _import_indicator, "remove-indicator": _remove_indicator, "template": _template,
            "info": _info}


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputFileError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except (db.DatabaseMissingError, db.DatabaseOutdatedError) as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
