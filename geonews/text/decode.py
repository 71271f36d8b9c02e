"""Turning bytes into text without guessing wrong silently.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are taken as they are;
anything else is handed to charset-normalizer, which recognises cp1252,
Windows-1256 (Arabic), ISO-8859-x and friends.  Binary data is refused with a
clear message instead of being decoded into garbage.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

#: Inputs larger than this are refused: news text of that size is a mistake or an attack.
MAX_INPUT_BYTES = 50 * 1024 * 1024

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]


def decode_bytes(data: bytes, *, label: str = "input") -> str:
    """Decode ``data``; raise :class:`InputError` for binary or undecodable data.

    >>> decode_bytes("Khān Yūnis".encode("utf-16"))
    'Khān Yūnis'
    >>> decode_bytes("Café Gaza".encode("cp1252"))
    'Café Gaza'
    """
    if not data:
        return ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{label}: starts with a {encoding} byte-order mark but is not "
                                 f"valid {encoding}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if "\x00" in text:
            raise InputError(f"{label}: looks like a binary file (NUL bytes), not text")
        return text
    if b"\x00" in data[:4096]:
        raise InputError(f"{label}: looks like a binary file (NUL bytes), not text")
    from charset_normalizer import from_bytes

    # Short texts are ambiguous between 8-bit code pages, and statistical detection
    # guesses poorly on a few words.  This tool reads Arabic and Western news, so the
    # two Windows code pages of those come first whenever they yield clean text.
    if _mostly_in(data, "cp1256", "\u0600", "\u06ff"):
        encoding = "cp1256"
    elif _mostly_in(data, "cp1252", "\u00c0", "\u00ff"):
        encoding = "cp1252"
    else:
        best = from_bytes(data[:1_000_000]).best()
        if best is None:
            raise InputError(f"{label}: cannot tell its text encoding (binary data?)")
        encoding = best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{label}: not decodable as {encoding}") from None
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 0.01 * min(len(text), 20000):
        raise InputError(f"{label}: looks like a binary file, not text")
    return text


def _mostly_in(data: bytes, encoding: str, low: str, high: str) -> bool:
    """Whether decoding as ``encoding`` turns the non-ASCII letters into one script block."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    non_ascii = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    inside = sum(1 for ch in non_ascii if low <= ch <= high)
    return bool(non_ascii) and inside >= 0.9 * len(non_ascii)


def read_bytes(path: str | Path, *, label: str | None = None, hint: str = "split it") -> bytes:
    """The bytes of a file (``-`` for standard input), refused clearly if unreadable or huge.

    The limit is counted on the bytes read, never on the size the file system reports:
    that is 0 for devices, pipes and /proc files (``/dev/zero`` would be read forever).
    """
    label = label or ("stdin" if str(path) == "-" else str(path))
    try:
        if str(path) == "-":
            data = _read_at_most(sys.stdin.buffer, MAX_INPUT_BYTES + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError(f"{label}: is a directory")
            with open(p, "rb") as fh:
                data = _read_at_most(fh, MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{label}: larger than {MAX_INPUT_BYTES // 2**20} MB; {hint}")
    return data


#: Bytes asked of the operating system at once while reading an input.
_CHUNK = 1 << 20


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``stream``, read in chunks: the count, not the size the
    file claims, is what stops it.

    >>> import io
    >>> len(_read_at_most(io.BytesIO(b"x" * 10), 4)), len(_read_at_most(io.BytesIO(b"xy"), 4))
    (4, 2)
    """
    chunks: list[bytes] = []
    got = 0
    while got < limit:
        chunk = stream.read(min(_CHUNK, limit - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_text(path: str | Path, *, label: str | None = None) -> str:
    """Read a text file (``-`` for standard input), any common encoding."""
    label = label or str(path)
    return decode_bytes(read_bytes(path, label=label), label=label)
