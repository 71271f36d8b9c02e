"""Excel workbooks (``.xlsx``, through openpyxl) for analysts who live in spreadsheets.

Every cell written from text is a text cell: openpyxl stores a string that starts with
``=`` as a formula unless the cell is told otherwise, and article text, layer fields and
imported names are untrusted.  Numbers stay numbers; ISO dates in date columns become
real dates (and times), so that Excel sorts and filters them as dates.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import OutputError
from ..files import atomic_open

#: A text cell holds at most this many characters (Excel's limit; a longer one makes the
#: workbook unreadable).
MAX_CELL_CHARS = 32_767
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"


def is_date_column(name: str) -> bool:
    """Whether a column holds dates by its name (``date``, ``built``, ``first_date``…).

    >>> [is_date_column(c) for c in ("date", "order_date", "dates", "update", "name")]
    [True, True, False, False, False]
    """
    name = name.lower()
    return name in ("date", "built", "day") or name.endswith("_date") or name.startswith("date_")


def as_date(value: object) -> dt.date | dt.datetime | None:
    """An ISO date or date-time string as a date or a naive UTC datetime (Excel has no time
    zones); None for anything else.

    >>> as_date("2023-12-02"), as_date("2023-12-02T07:22:00Z"), as_date("2023-12-02/2023-12-05")
    (datetime.date(2023, 12, 2), datetime.datetime(2023, 12, 2, 7, 22), None)
    """
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        if _ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
        if _ISO_DATETIME.fullmatch(value):
            stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return as_date(stamp)
    except ValueError:  # 2023-02-30
        return None
    return None


def _cell(sheet, value: object, *, date_column: bool):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if date_column and (when := as_date(value)) is not None:
        cell = WriteOnlyCell(sheet, value=when)
        cell.number_format = DATETIME_FORMAT if isinstance(when, dt.datetime) else DATE_FORMAT
        return cell
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return WriteOnlyCell(sheet, value=value if math.isfinite(value) else None)
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    text = ILLEGAL_CHARACTERS_RE.sub(" ", str(value))[:MAX_CELL_CHARS]
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of ``[]:*?/\\``)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "sheet"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[:28]}_{n}"
    taken.add(candidate.lower())
    return candidate


def workbook_bytes(sheets: Mapping[str, tuple[Sequence[dict], Sequence[str]]]) -> bytes:
    """A workbook with one sheet per entry (name → (rows, columns)), header row first.

    >>> from openpyxl import load_workbook
    >>> data = workbook_bytes({"t": ([{"name": "=1+1", "date": "2023-12-02", "n": 3}],
    ...                              ["name", "date", "n"])})
    >>> [(c.value, c.data_type) for c in load_workbook(io.BytesIO(data))["t"][2]]
    [('=1+1', 's'), (datetime.datetime(2023, 12, 2, 0, 0), 'd'), (3, 'n')]
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    taken: set[str] = set()
    for name, (rows, columns) in sheets.items():
        sheet = book.create_sheet(_sheet_name(name, taken))
        columns = list(columns)
        dated = [is_date_column(str(c)) for c in columns]
        sheet.append([_cell(sheet, str(c), date_column=False) for c in columns])
        for row in rows:
            sheet.append([_cell(sheet, row.get(c), date_column=d) for c, d in zip(columns, dated)])
    if not taken:
        book.create_sheet("empty")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_xlsx(rows: Sequence[dict], out: Path | str | None, columns: Sequence[str] | None = None,
               *, sheet: str = "table") -> None:
    """Rows of flat dicts as one sheet of an ``.xlsx`` file (atomically), or to standard
    output when ``out`` is None or "-" (refused on a terminal: it is binary)."""
    columns = list(columns or (list(rows[0]) if rows else []))
    write_workbook({sheet: (rows, columns)}, out)


def write_workbook(sheets: Mapping[str, tuple[Sequence[dict], Sequence[str]]],
                   out: Path | str | None) -> None:
    """Several sheets (name → (rows, columns)) as one ``.xlsx``; see :func:`write_xlsx`."""
    if out is None or str(out) == "-":
        if sys.stdout.isatty():
            raise OutputError("xlsx is a binary format: write it with -o FILE.xlsx or pipe it")
        data = workbook_bytes(sheets)
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    data = workbook_bytes(sheets)
    with atomic_open(out, "wb") as fh:
        fh.write(data)
