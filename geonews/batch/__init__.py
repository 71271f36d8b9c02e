"""Whole corpora: stream articles through the pipeline on one machine or a Dask cluster,
into result logs that survive crashes and resume where they stopped."""

from .corpus import Article, BadArticle, iter_corpus
from .run import BatchSummary, run_batch, write_zones_table

__all__ = ["Article", "BadArticle", "BatchSummary", "iter_corpus", "run_batch",
           "write_zones_table"]
