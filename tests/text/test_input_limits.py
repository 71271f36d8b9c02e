"""The input limit is counted on the bytes read: devices and pipes report a size of 0."""

import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import geonews

from geonews.errors import InputError
from geonews.text.decode import MAX_INPUT_BYTES, read_bytes
from tests.conftest import Run, assert_clean_error

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX devices and FIFOs")


def _limited_memory() -> None:
    # Should the limit not hold, the child fails on a MemoryError instead of taking the
    # machine's memory: 2 GB is far more than a 50 MB input needs.
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_extracting_from_an_endless_device_stops_at_the_limit(tmp_path):
    # The child runs the geonews this test imported, wherever it was imported from.
    package_root = str(Path(geonews.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "geonews", "extract", "/dev/zero"],
                          capture_output=True, cwd=tmp_path, timeout=120, env=env,
                          preexec_fn=_limited_memory)
    assert_clean_error(Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode()),
                       "/dev/zero", "larger than 50 MB")


def test_an_endless_pipe_is_read_only_up_to_the_limit(tmp_path):
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    written = [0]
    cap = 2 * MAX_INPUT_BYTES  # the writer gives up here, so a reader that reads all ends too

    def write_until_the_reader_stops() -> None:
        block = b"Leave Rafah now.\n" * 60_000
        try:
            with open(fifo, "wb") as fh:
                while written[0] < cap:
                    fh.write(block)
                    written[0] += len(block)
        except BrokenPipeError:
            pass  # the reader closed the pipe: what it wanted was read

    writer = threading.Thread(target=write_until_the_reader_stops, daemon=True)
    writer.start()
    with pytest.raises(InputError, match="larger than 50 MB"):
        read_bytes(fifo)
    writer.join(timeout=60)
    # The reader stopped at the limit: the writer could add at most a block and the pipe's
    # buffer before it saw the pipe closed.
    assert written[0] < MAX_INPUT_BYTES + 4 * 2**20


def test_a_small_pipe_is_read_whole(tmp_path):
    fifo = tmp_path / "small"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as fh:
            fh.write(b"Residents of Rafah were told to leave.\n")

    threading.Thread(target=write, daemon=True).start()
    assert read_bytes(fifo) == b"Residents of Rafah were told to leave.\n"
