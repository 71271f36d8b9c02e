"""What an order makes of a place: the :class:`Role` shared by directives, zones and maps."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    """The part a place or area plays in an evacuation order.

    A ``str`` enum: its value is the word written in JSON, tables and CSV, so
    ``Role.AFFECTED == "affected"`` and ``json.dumps`` writes ``"affected"``.

    >>> Role.parse("Exempt"), str(Role.DESTINATION)
    (<Role.EXEMPTION: 'exemption'>, 'destination')
    """

    #: people are told to leave it
    AFFECTED = "affected"
    #: people are told to go there
    DESTINATION = "destination"
    #: the order says it does not cover it
    EXEMPTION = "exemption"

    __str__ = str.__str__  # "affected", not "Role.AFFECTED", wherever it is formatted

    @classmethod
    def parse(cls, word: str) -> Role:
        """A role from its word or a common synonym ("exempt", "destinations")."""
        key = word.strip().lower()
        role = _ALIASES.get(key)
        if role is None:
            raise ValueError(f"not a role: {word!r} (use affected, destination or exemption)")
        return role

    @property
    def label(self) -> str:
        """How maps and legends say it."""
        return _LABELS[self]


_ALIASES = {r.value: r for r in Role} | {
    "exempt": Role.EXEMPTION, "exemptions": Role.EXEMPTION, "destinations": Role.DESTINATION}
_LABELS = {Role.AFFECTED: "ordered to leave", Role.DESTINATION: "told to go here",
           Role.EXEMPTION: "exempted from the order"}
