"""How commands choose and print their output, the same way in every command.

* The format of ``-o FILE`` follows its extension; an explicit ``-f`` that contradicts
  it is refused (one line), and an extension the command cannot write needs ``-f``.
* A table goes to a terminal as a table and to a pipe or a file as CSV (or the ``-f``
  format), as rich decides what a terminal is (``TTY_COMPATIBLE=1`` forces one).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError

#: The format each output extension stands for.
EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".geojson": "geojson", ".xlsx": "xlsx", ".gpkg": "gpkg", ".html": "html",
              ".htm": "html"}
#: Formats a file of this extension may also hold (GeoJSON is JSON).
_ALSO = {".json": ("geojson",)}


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal, by rich's rules (a pty, or TTY_COMPATIBLE=1)."""
    from rich.console import Console

    return Console().is_terminal


def choose_format(fmt: str | None, output: Path | None, *, offered: Sequence[str],
                  stdout: str) -> str:
    """The format to write: ``-f`` if given, else the ``-o`` file's extension, else
    ``stdout`` (what the command prints by default).

    >>> choose_format(None, Path("x.csv"), offered=("json", "csv"), stdout="json")
    'csv'
    >>> choose_format("json", Path("x.csv"), offered=("json", "csv"), stdout="json")
    Traceback (most recent call last):
    ...
    geonews.errors.InputError: -f json contradicts x.csv (a .csv file is csv): drop -f, or name the file .json
    """
    if output is None or str(output) == "-":
        return fmt or stdout
    ext = output.suffix.lower()
    implied = EXTENSIONS.get(ext)
    files = [f for f in offered if f != "table"]
    if fmt is None:
        if implied in files:
            return implied
        names = ", ".join(sorted({e for e, f in EXTENSIONS.items() if f in files}))
        raise InputError(f"{output}: cannot write {ext or 'a file without an extension'} "
                         f"here; name it {names} (or choose with -f)")
    if fmt == "table":
        raise InputError(f"-f table prints to the terminal; -o {output} takes "
                         f"{', '.join(files)}")
    if implied is not None and fmt != implied and fmt not in _ALSO.get(ext, ()):
        raise InputError(f"-f {fmt} contradicts {output} (a {ext} file is {implied}): drop -f, "
                         f"or name the file .{fmt}")
    return fmt


def table_format(fmt: str | None) -> str:
    """What a printed table becomes: ``-f`` if given, else a table on a terminal, CSV in a
    pipe or a file."""
    return fmt or ("table" if stdout_is_terminal() else "csv")


def print_rows(rows: Sequence[dict], columns: Sequence[str], fmt: str, *,
               note: str | None = None, cell=None, right: Sequence[str] = (),
               title: str | None = None) -> None:
    """Print rows as ``fmt``: table (rich), csv, json or xlsx (to a pipe).

    ``cell(value, column)`` formats a table cell; ``right`` columns are right-aligned;
    ``note`` is printed under a table (a pipe gets only the data).
    """
    from ..tables.writers import write_csv, write_json

    if fmt == "csv":
        write_csv(rows, None, columns)
    elif fmt == "json":
        write_json(list(rows), None)
    elif fmt == "xlsx":
        from ..tables.xlsx import write_xlsx

        write_xlsx(rows, None, columns)
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(show_edge=False, pad_edge=False, title=title, title_justify="left")
        for c in columns:
            table.add_column(c, justify="right" if c in right else "left")
        show = cell or (lambda v, c: "" if v is None else str(v))
        for r in rows:
            table.add_row(*[show(r.get(c), c) for c in columns])
        # A table forced into a pipe (-f table) is not cut to 80 columns.
        console = Console(width=None if stdout_is_terminal() else 200)
        console.print(table)
        if note:
            console.print(note, markup=False, highlight=False)
    else:
        raise InputError(f"--format: {fmt!r} is not one of table, csv, json, xlsx")
