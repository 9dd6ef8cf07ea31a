"""quotetrail: who said what, when, and who reported it.

Raw news pages in (HTML, WARC, feeds, JSONL, flattened text scrapes); clean articles, quotes
with exact spans and resolved speakers, entities, time expressions, stories and statements out.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

logger = logging.getLogger("quotetrail")
logger.addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from .types import Document, Quote

__all__ = ["__version__", "extract_quotes", "extract_document", "logger"]


def extract_quotes(text: str, published: str | None = None) -> list[Quote]:
    """Every direct, partial and indirect quote in ``text`` (taken as clean article text)."""
    from .pipeline import analyse_text

    return analyse_text(text, published=published).quotes


def extract_document(source: str, **overrides: Any) -> Document:
    """Read one file or URL and return its full document record (not stored)."""
    from .pipeline import extract_sources
    from .settings import Options

    options = Options.load(**overrides)
    return next(iter(extract_sources([source], options)))
