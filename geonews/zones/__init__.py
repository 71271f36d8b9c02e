"""Stage 5 of the pipeline: zones — the areas directives name, as polygons, and what
analysts do with many of them: read them from any source, union, break down, compare,
follow over time."""

from .layers import COLUMNS, read_layer, read_zones
from .measure import area_km2, breakdown, compare, dissolve, equal_area_crs, timeline, union
from .relative import SIDES, Zone, part_of, side_of
from .units import population_surface, units

__all__ = ["COLUMNS", "SIDES", "Zone", "area_km2", "breakdown", "compare", "dissolve",
           "equal_area_crs", "part_of", "population_surface", "read_layer", "read_zones",
           "side_of", "timeline", "union", "units"]
