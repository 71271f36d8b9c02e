"""Stage 5 of the pipeline: zones — the areas directives name, as polygons."""

from .relative import SIDES, Zone, part_of, side_of

__all__ = ["SIDES", "Zone", "part_of", "side_of"]
