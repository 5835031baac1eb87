"""Command line: python -m ita_analytics {init, import-ita, import-cpi, import-indicator, remove-indicator, datasets,
remove-dataset, template, briefing, followup, export-parquet, info}.

Exit codes: 0 done, 1 invalid input (nothing changed), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import config, db
from .ingest.errors import InputFileError, Problem

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
    common.add_argument(
        "--db", type=Path, default=None, help=f"database file (default $ITA_DB or {config.DATA_DIR / 'ita.duckdb'})"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", parents=[common], help="build the database with the demo data")
    init.add_argument("--scale", type=_positive, default=1, help="N times as many synthetic agencies")
    init.add_argument("--force", action="store_true", help="replace an existing database")
    ita = commands.add_parser(
        "import-ita", parents=[common], help="import ITA agency results (CSV, XLSX or a table saved from a web page)"
    )
    ita.add_argument("file", type=Path)
    ita.add_argument("--dataset", help="the dataset it goes into (default: the file's name without extension)")
    ita.add_argument("--year", help="the fiscal year of a file with no year column, B.E. (2568) or C.E. (2025)")
    ita.add_argument("--census", action="store_true", help="its years hold every agency, whatever their coverage")
    commands.add_parser("import-cpi", parents=[common], help="import a TI CPI file").add_argument("file", type=Path)
    indicator = commands.add_parser(
        "import-indicator",
        parents=[common],
        help="import your own national-year or province-year indicators (CSV or XLSX)",
    )
    indicator.add_argument("file", type=Path)
    indicator.add_argument("--source", help="where the data comes from (kept with the import)")
    remove = commands.add_parser("remove-indicator", parents=[common], help="remove an imported indicator")
    remove.add_argument("name", help="the indicator's name (its column header)")
    commands.add_parser("datasets", parents=[common], help="list the datasets: real or synthetic, years, coverage")
    drop = commands.add_parser("remove-dataset", parents=[common], help="remove an imported dataset")
    drop.add_argument("name", help="the dataset's name (see `datasets`)")
    template = commands.add_parser("template", parents=[common], help="write the ITA import template")
    template.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    # What both written reports take: a fiscal year, a language and the file to write.
    report = argparse.ArgumentParser(add_help=False, parents=[common])
    report.add_argument("--year", required=True, help="fiscal year, B.E. (2568) or C.E. (2025)")
    report.add_argument("--lang", choices=["th", "en"], default="th")
    brief = commands.add_parser("briefing", parents=[report], help="write a briefing deck (.pptx)")
    brief.add_argument(
        "--scope", default="national", help="national, type:CODE, region:CODE or province:CODE (default national)"
    )
    brief.add_argument("--out", type=Path, required=True, help="the .pptx file to write")
    brief.add_argument("--dataset", help="the dataset to brief on (default: the newest real one, else the demo)")
    brief.add_argument(
        "--url",
        help="the dashboard's address for the link on each slide (default $ITA_DASHBOARD_URL or http://localhost:8501)",
    )
    follow = commands.add_parser("followup", parents=[report], help="write a monitoring unit's follow-up list (.xlsx)")
    follow.add_argument(
        "--unit",
        default="national",
        help="national, ministry:NAME, region:CODE, province:CODE or type:CODE (default national)",
    )
    follow.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    follow.add_argument("--dataset", help="the dataset to follow up (default: the newest real one, else the demo)")
    export = commands.add_parser(
        "export-parquet", parents=[common], help="publish the database as a Parquet store (ITA_DB may then point at it)"
    )
    export.add_argument("store", type=Path, help="the store's path (a link, switched atomically on each export)")
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


def _guarded(importer, file: Path, *args, **kwargs):
    """Run importer(file, …); an error of the kind a hostile file could still provoke (memory, recursion, overflow,
    decoding, the file system) becomes InputFileError, so no input ends the command other than with 0, 1 or 2."""
    try:
        return importer(file, *args, **kwargs)
    except (MemoryError, RecursionError, OverflowError, UnicodeError, OSError) as error:
        problem = Problem.labelled("import_failed", error=f"{type(error).__name__}: {error}"[:300])
        raise InputFileError(file.name, [problem]) from error


def _coverage_words(year: int, held: int, published: int | None, census: bool) -> str:
    from .datasets import share_text

    share = f" of {published:,} NACC published ({share_text(held / published)})" if published else ""
    kind = "census" if census else "partial"
    return f"FY{year + 543} ({year}): {held:,} agencies{share}, {kind}"


def _import_ita(args: argparse.Namespace) -> int:
    from .briefing import parse_year
    from .ingest.ita import import_ita

    year = parse_year(args.year) if args.year is not None else None
    summary = _guarded(import_ita, args.file, args.db, dataset=args.dataset, year=year, census=args.census)
    _warn(args.file, summary.warnings)
    years = ", ".join(f"{y + 543} ({y})" for y in summary.years)
    print(
        f"imported {summary.rows} results of {summary.agencies} agencies for fiscal years {years} "
        f"into dataset {summary.dataset!r}"
    )
    for covered in summary.coverage:
        print(f"  {_coverage_words(*covered)}")
    return EXIT_OK


def _warn(file: Path, warnings: list[str]) -> None:
    """Print an import's warnings to stderr, each naming its file."""
    for warning in warnings:
        print(f"warning: {file.name}: {warning}", file=sys.stderr)


def _datasets(args: argparse.Namespace) -> int:
    from .datasets import summary

    with db.connect(args.db) as con:
        held = summary(con)
    for item in held:
        kind = "synthetic" if item["synthetic"] else "real"
        print(f"{item['name']} ({kind}): {item['agencies']:,} agencies, {item['agency_years']:,} agency-years")
        for year in item["years"]:
            words = _coverage_words(year["fiscal_year"], year["agencies"], year["published_agencies"], year["census"])
            print(f"  {words}")
    return EXIT_OK


def _remove_dataset(args: argparse.Namespace) -> int:
    from .datasets import remove_dataset

    removed = remove_dataset(args.name, args.db)
    print(f"removed dataset {args.name!r} ({removed} results)")
    return EXIT_OK


def _import_cpi(args: argparse.Namespace) -> int:
    from .ingest.cpi import import_cpi

    summary = _guarded(import_cpi, args.file, args.db)
    _warn(args.file, summary.warnings)
    print(
        f"imported {summary.rows} CPI country-years ({min(summary.years)}–{max(summary.years)}) "
        f"and {summary.sources} source scores from {summary.sheet or args.file.name}"
    )
    return EXIT_OK


def _import_indicator(args: argparse.Namespace) -> int:
    from .ingest.indicator import import_indicator

    summary = _guarded(import_indicator, args.file, args.db, source=args.source)
    years = f"{min(summary.years) + 543}–{max(summary.years) + 543} ({min(summary.years)}–{max(summary.years)})"
    print(
        f"imported {summary.rows} {summary.level}-year values of {len(summary.indicators)} indicator(s) "
        f"for {years}: {', '.join(summary.indicators)}"
    )
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


def _briefing(args: argparse.Namespace) -> int:
    from .briefing import build_briefing, parse_scope, parse_year
    from .deck import write_deck

    year, scope = parse_year(args.year), parse_scope(args.scope)
    with db.connect(args.db) as con:
        briefing = build_briefing(con, year, scope, args.lang, base_url=args.url, dataset=args.dataset)
    write_deck(briefing, args.out)
    print(f"wrote {args.out}: {len(briefing.slides)} slides, fiscal year {year + 543} ({year}), scope {scope.text}")
    return EXIT_OK


def _followup(args: argparse.Namespace) -> int:
    from .briefing import parse_year
    from .followup import write_followup
    from .oversight import build_oversight, parse_unit

    year, unit = parse_year(args.year), parse_unit(args.unit)
    with db.connect(args.db) as con:
        oversight = build_oversight(con, year, unit, dataset=args.dataset)
    write_followup(oversight, args.out, args.lang)
    p = oversight.portfolio
    print(
        f"wrote {args.out}: {p.below} agencies below 85 and {p.missing} missing of {p.agencies} assessed "
        f"in fiscal year {year + 543} ({year}), unit {unit.text}; {p.more_needed} more must pass"
    )
    return EXIT_OK


def _export_parquet(args: argparse.Namespace) -> int:
    from .publish import export_parquet

    published = export_parquet(args.db, args.store)
    print(f"published {len(list(published.glob('*.parquet')))} tables to {published}; {args.store} points at it")
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
        print(
            f"{row['fiscal_year'] + 543} ({row['fiscal_year']})  {row['agencies']:>8}  {row['mean_score']:5.2f}"
            f"  {row['pass_rate']:9.2%}  {'yes' if row['synthetic'] else 'no'}"
        )
    cpi = summary["cpi"]
    print(f"CPI: {cpi['countries']} countries, {cpi['first_year']}–{cpi['last_year']}")
    print(f"imports: {len(summary['imports'])}")
    return EXIT_OK


COMMANDS = {
    "init": _init,
    "import-ita": _import_ita,
    "import-cpi": _import_cpi,
    "import-indicator": _import_indicator,
    "remove-indicator": _remove_indicator,
    "datasets": _datasets,
    "remove-dataset": _remove_dataset,
    "template": _template,
    "briefing": _briefing,
    "followup": _followup,
    "export-parquet": _export_parquet,
    "info": _info,
}


#: Commands whose arguments the library checks, raising ValueError with a message for the user.
CHECKED_ARGUMENTS = {"briefing", "followup", "import-ita", "remove-dataset"}


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputFileError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except ValueError as error:
        if args.command not in CHECKED_ARGUMENTS:
            raise
        print(error, file=sys.stderr)  # a year, scope or unit the library refused, in its own words
        return EXIT_INVALID
    except (db.DatabaseMissingError, db.DatabaseOutdatedError, db.StoreReadOnlyError) as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
