"""Geocoders: one class per service, with a shared base, in geopy's manner.

:class:`GazetteerGeocoder` answers from the local gazetteer; :class:`NominatimGeocoder`
asks an OpenStreetMap Nominatim server through geopy, for names the gazetteer lacks.
"""

from .base import Geocoder, GeocoderWarning
from .local import GazetteerGeocoder
from .nominatim import NominatimGeocoder

__all__ = ["Geocoder", "GeocoderWarning", "GazetteerGeocoder", "NominatimGeocoder"]
