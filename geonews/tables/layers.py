"""Zone tables out, for QGIS and for geopandas: GeoPackage, GeoJSON, CSV with WKT.

* ``.gpkg`` — every table as a named layer of one GeoPackage, one geometry type per
  layer (QGIS and ArcGIS expect it): a table's polygons in its layer, promoted to
  MultiPolygon, and its points and lines, if it has any beside them, in ``<name>_points``
  and ``<name>_lines``; date columns as Date (or DateTime) fields;
* ``.geojson`` / ``.json`` — the main table as an RFC 7946 FeatureCollection (WGS 84);
* ``.csv`` — the main table, geometry as a ``wkt`` column (formula-safe cells);
* ``.xlsx`` — every table as a sheet, geometry as ``wkt`` (text cells, dates as dates).

Files are written to a temporary name beside the output and renamed over it when
complete, so a reader (or QGIS with the file open) never sees half a file.
"""

from __future__ import annotations

import glob
import os
import re
import tempfile
from contextlib import suppress
from pathlib import Path

from ..errors import OutputError
from ..files import check_output
from .writers import write_csv

FORMATS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".csv": "CSV",
           ".xlsx": "XLSX"}


def write_layers(layers: dict, out: Path | str, *, main: str | None = None,
                 inputs=()) -> Path:
    """Write GeoDataFrames (name → table) to ``out``; the format follows its suffix.

    >>> import geopandas as gpd, tempfile, pathlib
    >>> from shapely.geometry import Point
    >>> t = gpd.GeoDataFrame({"name": ["Rafah"]}, geometry=[Point(34.25, 31.28)], crs=4326)
    >>> p = write_layers({"places": t}, pathlib.Path(tempfile.mkdtemp()) / "x.gpkg")
    >>> gpd.read_file(p, layer="places").name.tolist()
    ['Rafah']
    """
    out = check_output(out, [str(i) for i in inputs])
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"{out}: unknown output format {suffix or '(none)'} "
                          "(use .gpkg, .geojson, .csv or .xlsx)")
    if not layers:
        raise OutputError(f"{out}: nothing to write")
    main = main or next(iter(layers))
    if suffix == ".csv":
        table = layers[main]
        write_csv(_csv_rows(table), out, columns=[c for c in table.columns
                                                 if c != table.geometry.name] + ["wkt"])
        return out
    if suffix == ".xlsx":
        from .xlsx import write_workbook

        sheets = {}
        for name, table in layers.items():
            sheets[name] = (_csv_rows(table, max_wkt=MAX_WKT_CHARS),
                            [c for c in table.columns if c != table.geometry.name] + ["wkt"])
        write_workbook(sheets, out)
        return out
    directory = out.parent if str(out.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{out}: directory {directory} does not exist")
    _remove_stale_temp_files(directory, out.stem, suffix)
    try:
        # The pid in the name tells a later write whether this file's writer is dead.
        fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.{os.getpid()}.", suffix=suffix,
                                   dir=directory)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write here ({exc.strerror})") from None
    os.close(fd)
    os.unlink(tmp)  # the GDAL drivers create the file themselves
    try:
        if suffix == ".gpkg":
            for name, table in layers.items():
                # Field types are decided on the whole table, so that its layers agree.
                for layer, part in split_by_geometry_type(name, _with_dates(_prepare(table))):
                    part.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio",
                                 use_arrow=True)
        else:
            _prepare(layers[main]).to_file(tmp, driver="GeoJSON", engine="pyogrio",
                                           layer_options={"RFC7946": "YES",
                                                          "WRITE_NAME": "NO"})
        os.replace(tmp, out)
    except OSError as exc:
        raise OutputError(f"{out}: write failed ({exc.strerror or exc})") from None
    except Exception as exc:  # GDAL's own errors (disk full inside SQLite, …)
        raise OutputError(f"{out}: write failed ({str(exc).splitlines()[0][:200]})") from None
    finally:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            Path(leftover).unlink(missing_ok=True)
    return out


def _remove_stale_temp_files(directory: Path, stem: str, suffix: str) -> None:
    """Remove what writes of this output killed mid-way left (``.un.<pid>.<random>.gpkg``
    and SQLite's ``-journal``/``-wal``/``-shm``): only files whose writer is dead."""
    own = re.compile(rf"\.{re.escape(stem)}\.(\d+)\.[a-z0-9_]{{8}}{re.escape(suffix)}"
                     r"(?:-journal|-wal|-shm)?")
    for path in directory.glob(f".{glob.escape(stem)}.*{glob.escape(suffix)}*"):
        found = own.fullmatch(path.name)
        if found and not _process_alive(int(found.group(1))):
            with suppress(OSError):  # another write may be removing it too
                path.unlink()


def _process_alive(pid: int) -> bool:
    """Whether a process of this machine has this pid.

    >>> _process_alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or no pid at all: leave the file alone
    return True


def _prepare(table):
    """A copy GDAL can write: WGS 84, attributes as plain types."""
    import pandas as pd

    table = table.to_crs("EPSG:4326") if table.crs is not None else table.set_crs(4326)
    table = table.copy()
    for c in table.columns:
        if c == table.geometry.name:
            continue
        if table[c].dtype == object:
            values = [None if v is None or (isinstance(v, float) and v != v) else
                      (v if isinstance(v, (str, int, float, bool)) else str(v))
                      for v in table[c]]
            kinds = {float if type(v) is int else type(v) for v in values if v is not None}
            if len(kinds) > 1:  # a field has one type: text, when a layer mixes them
                values = [None if v is None else str(v) for v in values]
            table[c] = values
        elif isinstance(table[c].dtype, pd.CategoricalDtype):
            table[c] = table[c].astype(str)
    return table


#: Longer WKT is left out of a spreadsheet cell (Excel's limit is 32,767 characters).
MAX_WKT_CHARS = 32_767
_DIMENSION_SUFFIX = {0: "_points", 1: "_lines", 2: ""}


def split_by_geometry_type(name: str, table):
    """(layer name, rows) pairs with one geometry type each, promoted to Multi*: the polygons
    (and rows without geometry) keep ``name``; points and lines go to ``name_points`` and
    ``name_lines``.  A table of one dimension keeps ``name`` whatever it is.

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> t = gpd.GeoDataFrame({"n": [1, 2, 3]}, geometry=[box(0, 0, 1, 1), Point(5, 5), None])
    >>> [(n, part.geom_type.fillna("-").tolist()) for n, part in split_by_geometry_type("zones", t)]
    [('zones', ['MultiPolygon', '-']), ('zones_points', ['MultiPoint'])]
    """
    import numpy as np
    import shapely

    geoms = table.geometry.to_numpy()
    kinds = shapely.get_type_id(geoms)  # -1 for a missing geometry
    dims = np.where(kinds < 0, -1, shapely.get_dimensions(geoms))
    dims[(kinds == 7)] = 2  # collections (flattened upstream) go with the areas
    present = sorted(set(dims[dims >= 0].tolist())) or [2]
    main = 2 if 2 in present else present[0]
    dims[dims < 0] = main
    out = []
    for dim in sorted(present, key=lambda d: d != main):
        part = table[dims == dim].copy()
        part[table.geometry.name] = _promoted(part.geometry.to_numpy(), dim)
        out.append((name if dim == main else name + _DIMENSION_SUFFIX[dim], part))
    return out


def _promoted(geoms, dim: int):
    """Single geometries as their Multi* type (points → MultiPoint, …); None stays None."""
    import numpy as np
    import shapely

    geoms = np.array(geoms, dtype=object)
    single = {0: 0, 1: 1, 2: 3}[dim]
    make = {0: shapely.multipoints, 1: shapely.multilinestrings, 2: shapely.multipolygons}[dim]
    for i in np.flatnonzero(shapely.get_type_id(geoms) == single):
        geoms[i] = make([geoms[i]])
    return geoms


def _with_dates(table):
    """Date columns (by name, see :func:`geonews.tables.xlsx.is_date_column`) whose every
    value is an ISO date as a date column, or date-times as a UTC DateTime column, so that
    GDAL writes Date / DateTime fields; a column with anything else stays text."""
    import pandas as pd
    import pyarrow as pa

    from .xlsx import as_date, is_date_column

    table = table.copy()
    for c in table.columns:
        if c == table.geometry.name or not is_date_column(str(c)) or not (
                pd.api.types.is_object_dtype(table[c]) or pd.api.types.is_string_dtype(table[c])):
            continue
        values = [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
                  for v in table[c]]
        parsed = [None if v is None else as_date(v) for v in values]
        if any(v is not None and p is None for v, p in zip(values, parsed)) or \
                not any(p is not None for p in parsed):
            continue
        import datetime as dt

        if all(p is None or type(p) is dt.date for p in parsed):
            table[c] = pd.array(parsed, dtype=pd.ArrowDtype(pa.date32()))
        else:
            table[c] = pd.to_datetime([p for p in parsed], utc=True)
    return table


def _csv_rows(table, *, max_wkt: int | None = None) -> list[dict]:
    import pandas as pd

    geoms = table.to_crs("EPSG:4326").geometry if table.crs is not None else table.geometry
    rows = []
    attrs = table.drop(columns=table.geometry.name)
    for record, geom in zip(attrs.to_dict("records"), geoms):
        row = {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v)
               for k, v in record.items()}
        wkt = geom.wkt if geom is not None else None
        row["wkt"] = None if wkt is not None and max_wkt and len(wkt) > max_wkt else wkt
        rows.append(row)
    return rows
