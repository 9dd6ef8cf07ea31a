"""The file to hand to ``spark-submit``, which runs a file, not a module.

``job.py`` uses package-relative imports, so it runs as ``python -m quotetrail.spark.job``; this
file imports it absolutely, so ``spark-submit …/quotetrail/spark/launch.py --input … --output …``
works wherever the executors' Python has quotetrail installed.
"""

from __future__ import annotations

import sys

from quotetrail.spark.job import main

if __name__ == "__main__":
    sys.exit(main())
