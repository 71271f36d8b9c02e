"""CSV, JSON and GeoJSON output, to a file (atomically) or to standard output."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..files import atomic_open

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Neutralise spreadsheet formulas in text cells (CSV injection).

    A cell such as ``=cmd|' /C calc'!A0`` would run in Excel; prefixing a quote
    makes it plain text.  Numbers are left alone, so negative longitudes stay numbers.

    >>> csv_safe("=1+1"), csv_safe(-82.1), csv_safe("Rafah")
    ("'=1+1", -82.1, 'Rafah')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
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
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: csv_safe(_cell(row.get(k))) for k in columns})

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
