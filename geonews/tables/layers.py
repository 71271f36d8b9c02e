"""Zone tables out, for QGIS and for geopandas: GeoPackage, GeoJSON, CSV with WKT.

* ``.gpkg`` — every table as a named layer of one GeoPackage;
* ``.geojson`` / ``.json`` — the main table as an RFC 7946 FeatureCollection (WGS 84);
* ``.csv`` — the main table, geometry as a ``wkt`` column (formula-safe cells).

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

FORMATS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".csv": "CSV"}


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
                          "(use .gpkg, .geojson or .csv)")
    if not layers:
        raise OutputError(f"{out}: nothing to write")
    main = main or next(iter(layers))
    if suffix == ".csv":
        table = layers[main]
        write_csv(_csv_rows(table), out, columns=[c for c in table.columns
                                                 if c != table.geometry.name] + ["wkt"])
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
                _prepare(table).to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
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
            table[c] = [None if v is None or (isinstance(v, float) and v != v) else
                        (v if isinstance(v, (str, int, float, bool)) else str(v))
                        for v in table[c]]
        elif isinstance(table[c].dtype, pd.CategoricalDtype):
            table[c] = table[c].astype(str)
    return table


def _csv_rows(table) -> list[dict]:
    import pandas as pd

    geoms = table.to_crs("EPSG:4326").geometry if table.crs is not None else table.geometry
    rows = []
    attrs = table.drop(columns=table.geometry.name)
    for record, geom in zip(attrs.to_dict("records"), geoms):
        row = {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v)
               for k, v in record.items()}
        row["wkt"] = geom.wkt if geom is not None else None
        rows.append(row)
    return rows
