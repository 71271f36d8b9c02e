"""The last stage: tables — CSV, JSON and GeoJSON writers shared by every command."""

from .writers import csv_safe, write_csv, write_geojson, write_json

__all__ = ["csv_safe", "write_csv", "write_geojson", "write_json"]
