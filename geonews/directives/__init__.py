"""Stage 4 of the pipeline: directives — orders to move, and the roles of their places."""

from .blocks import find_blocks
from .extractor import DirectiveExtractor
from .model import Directive, PlaceRef

__all__ = ["Directive", "DirectiveExtractor", "PlaceRef", "find_blocks"]
