"""Stage 1 of the pipeline: getting text out of files, whatever their encoding."""

from .decode import MAX_INPUT_BYTES, decode_bytes, read_text

__all__ = ["MAX_INPUT_BYTES", "decode_bytes", "read_text"]
