"""Running ``geonews`` with its standard output on a pseudo-terminal of a given width, as
an analyst's terminal is (tests of what a terminal gets, not a pipe)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests.conftest import Run

#: Terminal styles (bold headers): what a person sees is the text without them.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_on_terminal(*args: str, cwd: Path, columns: int = 80, env: dict | None = None,
                    timeout: float = 120, stream: str = "stdout") -> Run:
    """``stream``: which of stdout and stderr is the terminal (progress goes to stderr);
    the other is a pipe.  What the terminal showed comes back without its styles."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    full_env.update({"TERM": "xterm", "NO_COLOR": "1", **(env or {})})
    on_stdout = stream == "stdout"
    proc = subprocess.Popen([sys.executable, "-m", "geonews", *args],
                            stdout=slave if on_stdout else subprocess.PIPE,
                            stderr=subprocess.PIPE if on_stdout else slave,
                            stdin=subprocess.DEVNULL, cwd=cwd, env=full_env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    piped = (proc.stderr if on_stdout else proc.stdout).read().decode("utf-8", "replace")
    code = proc.wait(timeout=timeout)
    shown = _ANSI.sub("", b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n"))
    return Run(code, shown, piped) if on_stdout else Run(code, piped, shown)
