"""Checking what the Python API is given, and saying what it takes when it is wrong.

A notebook hands geonews whatever a column holds: bytes read from a file, ``None``
or NaN for a missing value, numbers.  Turned into strings they are nonsense that
geocodes ("None" is a village in Italy, "2.5" a district of Helsinki); passed on,
they fail deep inside with a TypeError about something else.  These checks refuse
them at the door, with a TypeError that names the function, the argument, what
it takes and, where it helps, what to do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from itertools import repeat


def _what(value: object) -> str:
    """The type of ``value`` as an error message names it.

    >>> _what(None), _what(b"x"), _what(float("nan")), _what(2.5)
    ('None', 'bytes', 'float (NaN)', 'float')
    """
    if value is None:
        return "None"
    if isinstance(value, float) and math.isnan(value):
        return "float (NaN)"
    return type(value).__name__


def _hint(value: object) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "; decode bytes first (geonews.text.decode_bytes reads any common encoding)"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "; a missing value? drop those first (e.g. series.dropna())"
    return ""


def check_text(value: object, *, function: str, takes: str = "text as str") -> str:
    """``value`` if it is a string, else a TypeError saying what the function takes.

    >>> check_text(b"Rafah", function="extract()")
    Traceback (most recent call last):
    TypeError: extract() takes text as str, not bytes; decode bytes first (...)
    """
    if isinstance(value, str):
        return value
    raise TypeError(f"{function} takes {takes}, not {_what(value)}{_hint(value)}")


def check_optional(value: object, *, function: str, argument: str) -> str | None:
    """``value`` if it is a string or None, else a TypeError."""
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{function} takes {argument} as str or None, not {_what(value)}"
                    f"{_hint(value)}")


def check_date(value: object, *, function: str) -> str | date | None:
    """A date as text ("2024-03-03", "3 March 2024"), a ``datetime.date``, or None."""
    if value is None or isinstance(value, (str, date)):
        return value
    raise TypeError(f"{function} takes date as str, datetime.date or None, not {_what(value)}")


def check_names(names: object, *, function: str) -> list[str]:
    """One name (str) or an iterable of names (str), as a list; else a TypeError that
    says which item is wrong.

    >>> check_names("Rafah", function="geocode()")
    ['Rafah']
    >>> check_names(["Rafah", None], function="geocode()")
    Traceback (most recent call last):
    TypeError: geocode() takes a name (str) or an iterable of names (str); item 1 is None; ...
    """
    if isinstance(names, str):
        return [names]
    # A list or tuple (what the pipeline passes, once per article and per slot name) is
    # checked in C-level passes; the message is written only when there is an error.
    if type(names) not in (list, tuple) and (
            isinstance(names, (bytes, bytearray, memoryview)) or not isinstance(names, Iterable)):
        raise TypeError(f"{_takes_names(function)}, not {_what(names)}{_hint(names)}")
    items = list(names)
    if not all(map(isinstance, items, repeat(str))):
        i, name = next((i, n) for i, n in enumerate(items) if not isinstance(n, str))
        raise TypeError(f"{_takes_names(function)}; item {i} is {_what(name)}{_hint(name)}")
    return items


def _takes_names(function: str) -> str:
    return f"{function} takes a name (str) or an iterable of names (str)"


def check_name_list(names: object, *, function: str, one: str) -> list[str]:
    """A sequence of names (str), not one name: a lone string would be read letter by
    letter.  ``one`` names the function that takes a single name."""
    if isinstance(names, str):
        raise TypeError(f"{function} takes a list of names (str), not one str; "
                        f"for one name use {one}")
    return check_names(names, function=function)
