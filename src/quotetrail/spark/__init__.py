"""quotetrail on Spark: the same pipeline over whole crawls, written as Parquet tables.

``python -m quotetrail.spark.job --input WARCS --output DIR`` (or ``spark-submit``) runs it;
:func:`load_parquet` brings the tables into a SQLite or PostgreSQL store. See docs/spark.md.
Needs the ``spark`` extra (pyspark, pyarrow) and Java 17.
"""

from __future__ import annotations

from .load import load_parquet, read_documents

__all__ = ["load_parquet", "read_documents"]
