"""``geonews geocode``: place names in, places out."""

from __future__ import annotations

import csv
import io
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from .common import Command, command, warn

app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    geojson = "geojson"
    xlsx = "xlsx"


RESULT_COLUMNS = ["query", "place_id", "name", "name_ar", "kind", "country", "admin1", "lat", "lon",
                  "match", "confidence", "alternatives"]


def _read_names(names: list[str], input_file: Path | None, column: str | None
                ) -> tuple[list[str], list[dict] | None, list[str]]:
    """The names to look up, plus the input's rows and columns when it is a CSV."""
    from ..text import read_text

    if input_file is None and names == ["-"]:
        input_file, names = Path("-"), []
    if input_file is None:
        if column:
            raise InputError("--column needs --input FILE.csv")
        if not names:
            raise InputError("no names given: pass names, or --input FILE (- for stdin)")
        return names, None, []
    if names:
        raise InputError("give names as arguments or with --input, not both")
    label = "stdin" if str(input_file) == "-" else str(input_file)
    text = read_text(input_file, label=label)
    if not text.strip():
        raise InputError(f"{label}: empty input, no names to look up")
    is_csv = column is not None or input_file.suffix.lower() in (".csv", ".tsv")
    if not is_csv:
        lines = [ln.strip() for ln in text.splitlines()]
        found = [ln for ln in lines if ln and not ln.startswith("#")]
        if not found:
            raise InputError(f"{label}: no names (only blank or # lines)")
        return found, None, []
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if input_file.suffix.lower() == ".tsv" else csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        fields = list(reader.fieldnames or [])
    except csv.Error as exc:
        raise InputError(f"{label}: malformed CSV header ({exc})") from None
    if not fields:
        raise InputError(f"{label}: no header row")
    column = column or fields[0]
    if column not in fields:
        raise InputError(f"{label}: no column {column!r} (columns: {', '.join(fields)})")
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"{label}: malformed CSV ({exc})") from None
    if not rows:
        raise InputError(f"{label}: header only, no rows")
    return [(r.get(column) or "").strip() for r in rows], rows, fields


#: Table columns in the order they are given up when the terminal is narrow: the query
#: and the place's name always stay.
PRIORITY = ["query", "name", "country", "lat", "lon", "match", "confidence", "kind", "admin1",
            "alternatives"]
TABLE_COLUMNS = ["query", "name", "kind", "country", "admin1", "lat", "lon", "match",
                 "confidence", "alternatives"]
#: Longest cell of a column on a narrow terminal (characters); --wide shows them whole.
MAX_CELL = {"query": 20, "name": 20, "admin1": 16, "kind": 13, "alternatives": 40}


def alternatives_cell(alternatives: list[dict], limit: int = 2) -> str:
    """Runner-up places as one short cell: places of one name and country (a region and
    its capital) are listed once, with their kinds.

    >>> alternatives_cell([{"name": "Ma'an", "country": "JO", "kind": "region"},
    ...                    {"name": "Ma'an", "country": "JO", "kind": "city"},
    ...                    {"name": "Ma’an", "country": "CN", "kind": "town"}])
    "Ma'an (JO region, city); Ma’an (CN town)"
    """
    kinds: dict[tuple, list[str]] = {}
    for a in alternatives:
        kinds.setdefault((a["name"], a.get("country") or "?"), [])
        if a.get("kind") and a["kind"] not in kinds[(a["name"], a.get("country") or "?")]:
            kinds[(a["name"], a.get("country") or "?")].append(a["kind"])
    cells = [f"{name} ({' '.join([country, ', '.join(k)]).strip()})"
             for (name, country), k in list(kinds.items())[:limit]]
    return "; ".join(cells)


def _shorten(text: str, width: int | None) -> str:
    """``text`` cut to ``width`` terminal cells with an ellipsis.

    >>> _shorten("Khan Younis Governorate", 12), _shorten("Rafah", 12)
    ('Khan Younis…', 'Rafah')
    """
    from rich.cells import cell_len, set_cell_size

    if width is None or cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def choose_columns(cells: dict[str, list[str]], width: int) -> list[str]:
    """The columns that fit ``width`` terminal cells, taken in :data:`PRIORITY` order and
    shown in table order (two cells between columns).

    >>> choose_columns({"query": ["Rafah"], "name": ["Rafah"], "country": ["PS"],
    ...                 "alternatives": ["Rafah (EG city)"]}, 25)
    ['query', 'name', 'country']
    """
    from rich.cells import cell_len

    chosen, used = [], 0
    for col in PRIORITY:
        if col not in cells:
            continue
        need = max([cell_len(col), *(cell_len(c) for c in cells[col])])
        extra = need + (2 if chosen else 0)
        if col in ("query", "name") or used + extra <= width:
            chosen.append(col)
            used += extra
    return [c for c in TABLE_COLUMNS if c in chosen]


def _print_table(records: list[dict], *, wide: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    cells: dict[str, list[str]] = {c: [] for c in TABLE_COLUMNS}
    for r in records:
        for c in TABLE_COLUMNS:
            if c == "alternatives":
                value = alternatives_cell(r["alternatives"])
            else:
                value = "—" if r.get(c) is None else str(r[c])
            cells[c].append(value if wide else _shorten(value, MAX_CELL.get(c)))
    columns = TABLE_COLUMNS if wide else choose_columns(cells, console.width)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in columns:
        if wide:
            table.add_column(col, overflow="fold")
        else:  # a cell is cut, never broken over lines ("countr/y")
            table.add_column(col, no_wrap=True, overflow="ellipsis",
                             justify="right" if col in ("lat", "lon", "confidence") else "left")
    for i in range(len(records)):
        table.add_row(*(cells[c][i] for c in columns))
    console.print(table)
    hidden = [c for c in TABLE_COLUMNS if c not in columns]
    if hidden:
        console.print(f"({', '.join(hidden)} left out to fit {console.width} columns: --wide "
                      "shows every column)", markup=False, highlight=False)


@app.command("geocode", cls=Command)
@command
def geocode_command(
    names: Annotated[Optional[list[str]], typer.Argument(
        help="Place names to look up (English or Arabic, any common spelling). '-' reads "
             "names from standard input, one per line.", show_default=False,
        metavar="NAME...")] = None,
    input_file: Annotated[Optional[Path], typer.Option(
        "--input", "-i", metavar="FILE", help="File of names: one per line, or a CSV (see --column). '-' is "
                              "standard input.", show_default=False)] = None,
    column: Annotated[Optional[str], typer.Option(
        "--column", "-c", metavar="COLUMN", help="CSV column holding the names (default: the first). The "
                               "input's other columns are kept in the output.")] = None,
    fmt: Annotated[Optional[TableFormat], typer.Option(
        "--format", "-f", help="Output format (xlsx: an Excel sheet). Default: from the -o "
                               "file's extension, else a table on a terminal and CSV "
                               "otherwise.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write here (atomically) instead of standard output.")] = None,
    country: Annotated[Optional[str], typer.Option(
        "--country", metavar="CODES", help="Only places in these countries: ISO codes or names, comma "
                          "separated (PS, LB, 'Lebanon').")] = None,
    within: Annotated[Optional[str], typer.Option(
        "--within", metavar="AREA", help="Only places inside a bbox 'minlon,minlat,maxlon,maxlat' or inside "
                         "a named place ('Khan Younis Governorate').")] = None,
    online: Annotated[bool, typer.Option(
        "--online", help="Ask OpenStreetMap Nominatim for names the gazetteer lacks (≤ 1 "
                         "request/s, answers cached on disk).")] = False,
    user_agent: Annotated[Optional[str], typer.Option(
        "--user-agent", envvar="GEONEWS_USER_AGENT", metavar="TEXT",
        help="User-Agent for --online requests; identify yourself (Nominatim policy).")] = None,
    nominatim_url: Annotated[Optional[str], typer.Option(
        "--nominatim-url", envvar="GEONEWS_NOMINATIM_URL", metavar="URL",
        help="Nominatim server for --online, e.g. http://localhost:8080 for your own.")] = None,
    alternatives: Annotated[int, typer.Option(
        "--alternatives", min=0, max=10, metavar="N", help="How many runner-up places to list.")] = 3,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit with status 1 if any name is not found.")] = False,
    wide: Annotated[bool, typer.Option(
        "--wide", help="On a terminal, every column and whole names, however wide.")] = False,
) -> None:
    """Geocode place names: coordinates, geometry, confidence and alternatives."""
    from ..files import check_output

    names_list, rows, fields = _read_names(list(names or []), input_file, column)
    if output is not None:
        check_output(output, [input_file] if input_file else [])
    fmt = _choose_format(fmt, output)

    from ..places.gazetteer import Gazetteer
    from ..collector import no_gc_pauses
    from ..places.matcher import Matcher

    gazetteer = Gazetteer.default()
    online_geocoder = None
    if online:
        from ..places.geocoders.nominatim import NominatimGeocoder

        if not user_agent:
            warn("--online without --user-agent: Nominatim's usage policy asks each "
                 "application to identify itself; add --user-agent \"your-app (you@example.org)\" "
                 "or set GEONEWS_USER_AGENT", once=True)
        kwargs = {}
        if nominatim_url:
            scheme, _, domain = nominatim_url.partition("://")
            if not domain:
                raise InputError(f"--nominatim-url {nominatim_url!r}: use http(s)://host[:port]")
            kwargs = {"scheme": scheme, "domain": domain.rstrip("/")}
        online_geocoder = NominatimGeocoder(user_agent=user_agent, **kwargs)
    matcher = Matcher(gazetteer, online=online_geocoder)
    with no_gc_pauses():  # 100,000 rows of records: see no_gc_pauses
        _geocode_rows(matcher, names_list, rows, fields, gazetteer, fmt=fmt, output=output,
                      country=country, within=within, alternatives=alternatives, wide=wide,
                      strict=strict)


def _geocode_rows(matcher, names_list, rows, fields, gazetteer, *, fmt, output, country,
                  within, alternatives, wide, strict) -> None:
    from ..places.geocode import alternatives_text, resolution_record

    lookups = [n for n in names_list if n]
    resolved = dict(zip(lookups, matcher.resolve(lookups, country=country, within=within,
                                                 alternatives=alternatives)))
    # A long list repeats its names: each distinct one is made a record once, and every
    # row gets its own copy (the CSV output rewrites a record's alternatives in place).
    made: dict[str, dict] = {}
    records = []
    for n in names_list:
        res = resolved.get(n)
        if res is None:  # an empty cell in a CSV column
            records.append({"query": n, "match": "none", "confidence": 0.0, "alternatives": []})
            continue
        rec = made.get(n)
        if rec is None:
            rec = made[n] = resolution_record(res)
        records.append(dict(rec))
    missing = [r["query"] for r in records if r["match"] == "none"]
    for q in dict.fromkeys(missing):
        warn(f"no place found for {q!r}" if q else "empty name in input")

    if fmt is TableFormat.table:
        _print_table(records, wide=wide)
    elif fmt is TableFormat.json:
        from ..tables import write_json

        write_json(_merge(records, rows, fields, flat=False), output)
    elif fmt is TableFormat.geojson:
        from ..tables import write_geojson

        write_geojson(_features(records, rows, fields, gazetteer), output)
    else:
        from ..tables import write_csv

        for r in records:
            r["alternatives"] = alternatives_text(r) if r.get("alternatives") else ""
        merged = _merge(records, rows, fields, flat=True)
        columns = list(merged[0]) if merged else None
        if fmt is TableFormat.xlsx:
            from ..tables.xlsx import write_xlsx

            write_xlsx(merged, output, columns, sheet="geocode")
        else:
            write_csv(merged, output, columns=columns)
    if strict and missing:
        raise typer.Exit(1)


def _choose_format(fmt: TableFormat | None, output: Path | None) -> TableFormat:
    """-f, else the -o file's extension, else a table on a terminal and CSV in a pipe."""
    from .output import choose_format, table_format

    chosen = choose_format(fmt.value if fmt else None, output,
                           offered=[f.value for f in TableFormat], stdout=table_format(None))
    return TableFormat(chosen)


def _merge(records: list[dict], rows: list[dict] | None, fields: list[str], *, flat: bool
           ) -> list[dict]:
    """Input columns first, as they were; result columns after (``geo_`` if a name clashes)."""
    if rows is None:
        return [{k: r.get(k) for k in RESULT_COLUMNS} for r in records]
    out = []
    for row, rec in zip(rows, records):
        merged = {f: row.get(f) for f in fields}
        for k in RESULT_COLUMNS:
            merged[f"geo_{k}" if k in fields else k] = rec.get(k)
        out.append(merged)
    return out


def _features(records, rows, fields, gazetteer) -> list[dict]:
    from shapely.geometry import mapping

    feats = []
    for props in _merge(records, rows, fields, flat=False):
        pid = props.get("place_id") or props.get("geo_place_id")
        geom = None
        if pid:
            geom = mapping(gazetteer.geometry(pid))
        feats.append({"type": "Feature", "geometry": geom, "properties": props})
    return feats

