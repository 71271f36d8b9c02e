"""Stage 2 of the pipeline: mentions — where the text names a place."""

from .finder import MentionFinder, find_mentions  # noqa: F401
from .model import Mention

__all__ = ["Mention", "MentionFinder", "find_mentions"]
