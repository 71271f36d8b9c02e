"""Stage 3 of the pipeline: places — the gazetteer, name matching and geocoding."""

from .gazetteer import BlockOrder, Gazetteer, GazetteerError
from .geocode import geocode
from .matcher import Area, Matcher
from .model import Candidate, Place, Resolution

__all__ = ["Area", "BlockOrder", "Candidate", "Gazetteer", "GazetteerError", "Matcher", "Place",
           "Resolution", "geocode"]
