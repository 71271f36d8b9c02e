"""``python -m geonews.mentions``: fold the shipped gazetteer's mention names into
``geonews/mentions/shipped_names.txt.gz`` (run whenever the gazetteer, the mention
query or the name folding changes; tests/mentions/test_index_cache.py says so).

``python -m geonews.mentions --cache-index LOCK GAZETTEER...`` is the detached process
a first run leaves behind to build the mention index into the user cache
(:meth:`geonews.mentions.index.MentionIndex._build_in_background`)."""

import sys
from pathlib import Path

from ..paths import shipped_gazetteer
from .index import SHIPPED_NAMES, build_cache, write_shipped_names

if __name__ == "__main__":
    if sys.argv[1:2] == ["--cache-index"]:
        build_cache(Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]])
    else:
        n = write_shipped_names(shipped_gazetteer())
        print(f"{SHIPPED_NAMES}: {n:,} keys")
