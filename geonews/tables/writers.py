"""CSV, JSON and GeoJSON output, to a file (atomically) or to standard output."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..files import atomic_open

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Every line break a reader may split at: CR and LF (csv, Excel, pandas) and the others
#: of ``str.splitlines`` (VT, FF, FS, GS, RS, NEL, LS, PS).
_LINE_BREAKS = re.compile("\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def csv_safe(value: object) -> object:
    r"""A text cell that stays one line and cannot run as a spreadsheet formula.

    A cell such as ``=cmd|' /C calc'!A0`` would run in Excel; prefixing a quote
    makes it plain text.  A line break inside a cell would start a new line whose
    text a spreadsheet may read as a formula (and a bare CR splits the row), so
    breaks become spaces first, and the quote goes before any cell whose first
    visible character starts a formula.  Numbers are left alone, so negative
    longitudes stay numbers.

    >>> csv_safe("=1+1"), csv_safe(-82.1), csv_safe("Rafah")
    ("'=1+1", -82.1, 'Rafah')
    >>> csv_safe("Orders\r=SUM(1+1)"), csv_safe("\n@x")
    ('Orders =SUM(1+1)', "' @x")
    """
    if not isinstance(value, str):
        return value
    if not value.isprintable():  # every line break is unprintable: most cells skip the regex
        value = _LINE_BREAKS.sub(" ", value)
    if value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def _emit(out: Path | str | None, render) -> None:
    if out is None or str(out) == "-":
        buf = io.StringIO(newline="")
        render(buf)
        sys.stdout.write(buf.getvalue())
        sys.stdout.flush()
        return
    with atomic_open(out, newline="") as fh:
        render(fh)


def write_csv(rows: Sequence[dict], out: Path | str | None, columns: Sequence[str] | None = None
              ) -> None:
    """Rows of flat dicts as CSV (UTF-8, header first); ``out`` None or "-" is stdout."""
    columns = list(columns or (list(rows[0]) if rows else []))

    def render(fh):
        # Headers too: geocode keeps the columns of the user's own CSV.
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([csv_safe(str(c)) for c in columns])
        for row in rows:
            w.writerow([csv_safe(_cell(row.get(k))) for k in columns])

    _emit(out, render)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_json(data: object, out: Path | str | None) -> None:
    """Any JSON-ready object, pretty-printed, UTF-8 (Arabic stays readable)."""
    _emit(out, lambda fh: (json.dump(data, fh, ensure_ascii=False, indent=2, allow_nan=False),
                           fh.write("\n")))


def write_geojson(features: Iterable[dict], out: Path | str | None, **members) -> None:
    """A GeoJSON FeatureCollection (RFC 7946: WGS 84 lon/lat)."""
    collection = {"type": "FeatureCollection", **members, "features": list(features)}
    write_json(collection, out)
