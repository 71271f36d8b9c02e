"""``python -m geonews.mentions``: fold the shipped gazetteer's mention names into
``geonews/mentions/shipped_names.txt.gz`` (run whenever the gazetteer, the mention
query or the name folding changes; tests/mentions/test_index_cache.py says so)."""

from ..paths import shipped_gazetteer
from .index import SHIPPED_NAMES, write_shipped_names

if __name__ == "__main__":
    n = write_shipped_names(shipped_gazetteer())
    print(f"{SHIPPED_NAMES}: {n:,} keys")
