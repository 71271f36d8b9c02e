"""Errors that mean "the input is wrong", as opposed to bugs.

The CLI turns a :class:`GeonewsError` into one line on stderr and exit code 2;
anything else is a bug and is reported as such.
"""


class GeonewsError(Exception):
    """A problem with what the user gave geonews (a file, an option, a name)."""


class InputError(GeonewsError):
    """An input file that cannot be read: missing, empty, binary, undecodable, malformed."""


class OutputError(GeonewsError):
    """An output that cannot or must not be written (it is also an input, say)."""
