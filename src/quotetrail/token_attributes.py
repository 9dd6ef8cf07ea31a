"""Part of speech, morphology and lemmas at a fraction of the cost, with the same results.

``en_core_web_sm`` fills ``token.pos``, ``token.morph`` and ``token.lemma`` with two components,
``attribute_ruler`` (179 token patterns over the tagger's TAG, the lower-cased form and the
dependency label) and the rule-based ``lemmatizer``. Both pay Python overhead per token and per
match: on news text they took 29% of the whole pipeline's time once the neural parts ran on a
fast matrix library, for a result that depends on a handful of token attributes.

:class:`TokenAttributes` gives exactly the same annotations from memo tables:

* the ruler's one-token patterns depend only on (TAG, LOWER, DEP, IS_SPACE), so their combined
  effect is computed once per distinct combination and then looked up;
* its few multi-token patterns ("gon na", "there is") run through a :class:`~spacy.matcher.Matcher`
  of their own and are merged in pattern order, as the ruler does (later patterns win);
* a lemma depends only on (ORTH, POS, MORPH) -- that is the lemmatizer's own cache key -- and is
  computed by the lemmatizer itself on the first sight of a combination.

Results are written with ``Doc.from_array`` in one call per attribute. A pattern this module
cannot read (an operator other than equality, IN, NOT_IN and REGEX) makes
:meth:`TokenAttributes.from_pipeline` return ``None`` and the original components stay in use.
``tests/test_token_attributes.py`` checks the equality on real articles.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

import numpy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Token attributes a one-token pattern may test (the key of the memo table).
_KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: Attributes a pattern may set.
_SET_ATTRS = frozenset(["POS", "MORPH", "LEMMA", "DEP", "TAG"])

#: Entries per memo table before it is emptied (a few tens of MB at most).
MEMO_LIMIT = 200_000

#: A token's final (POS id, MORPH hash, TAG hash, LEMMA, DEP) from the ruler; None: left as is.
Resolved = tuple[int | None, int | None, int | None, str | None, str | None]

Predicate = Callable[[str | bool], bool]


def _predicate(value: Any) -> Predicate | None:
    """A test of one attribute value, as the Matcher reads a pattern's value (None: unknown)."""
    if isinstance(value, (str, bool)):
        wanted: str | bool = value
        return lambda v: v == wanted
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            members = frozenset(arg)
            return lambda v: v in members
        if op == "NOT_IN":
            members = frozenset(arg)
            return lambda v: v not in members
        if op == "REGEX":
            pattern = re.compile(arg)
            return lambda v: isinstance(v, str) and pattern.search(v) is not None
    return None


def _fast_rule_lemmatizer(lemmatizer: Any) -> Callable[[Any], list[str]]:
    """The lemmatizer's own ``rule_lemmatize`` on a copy whose word index tables are sets.

    spaCy keeps each part of speech's known lemmas as a list (57,000 nouns) and tests candidate
    forms with ``in``: a linear scan, 0.1 ms per new word. The same words as a frozenset give the
    same answers.
    """
    from spacy.lookups import Lookups

    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        data = dict(table.items())
        if name == "lemma_index":
            data = {key: frozenset(words) for key, words in data.items()}
        lookups.add_table(name, data)
    clone = copy.copy(lemmatizer)
    clone.lookups = lookups
    clone.cache = {}
    return cast(Callable[[Any], list[str]], clone.rule_lemmatize)


@dataclass(frozen=True)
class OneTokenPattern:
    """A ruler pattern over one token: its place in the ruler's order, its tests, what it sets.

    ``tag``/``lower`` are the values it requires by plain equality (None: no such test), by
    which the patterns are indexed.
    """

    order: int
    tests: dict[str, Predicate]
    attrs: dict[str, str]
    tag: str | None
    lower: str | None


class TokenAttributes:
    """One component in place of ``attribute_ruler`` + ``lemmatizer`` (see the module docstring)."""

    def __init__(
        self,
        single: list[OneTokenPattern],
        multi: Matcher | None,
        multi_effects: dict[str, tuple[int, int, dict[str, str]]],
        lemmatize: Callable[[Any], list[str]],
    ) -> None:
        # Most one-token patterns test one TAG and often one LOWER value: index them by those, so
        # that a first sight of a key checks a handful of patterns, not all of them.
        self._indexed: dict[tuple[str | None, str | None], list[OneTokenPattern]] = {}
        for pattern in single:
            self._indexed.setdefault((pattern.tag, pattern.lower), []).append(pattern)
        self.multi = multi
        self.multi_effects = multi_effects
        self.lemmatize = lemmatize
        self._resolved_by_key: dict[tuple[int, int, int, int], Resolved] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}

    @classmethod
    def from_pipeline(cls, nlp: Language) -> TokenAttributes | None:
        """Built from the pipeline's own ruler patterns and lemmatizer, or None if that is not safe."""
        if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
            return None
        ruler: Any = nlp.get_pipe("attribute_ruler")
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            return None
        single: list[OneTokenPattern] = []
        multi = Matcher(nlp.vocab)
        multi_effects: dict[str, tuple[int, int, dict[str, str]]] = {}
        for order, entry in enumerate(ruler.patterns):
            attrs = {str(k).upper(): v for k, v in entry["attrs"].items()}
            if not set(attrs) <= _SET_ATTRS:
                return None
            for alternative in entry["patterns"]:
                if len(alternative) == 1 and entry["index"] in (0, -1):
                    tests = {}
                    for name, value in alternative[0].items():
                        test = _predicate(value)
                        if name.upper() not in _KEY_ATTRS or test is None:
                            return None
                        tests[name.upper()] = test
                    tag, lower = alternative[0].get("TAG"), alternative[0].get("LOWER")
                    single.append(
                        OneTokenPattern(
                            order,
                            tests,
                            attrs,
                            tag if isinstance(tag, str) else None,
                            lower if isinstance(lower, str) else None,
                        )
                    )
                else:
                    label = f"quotetrail_attr_{order}_{len(multi_effects)}"
                    multi.add(label, [alternative])
                    multi_effects[label] = (order, int(entry["index"]), attrs)
        return cls(single, multi if multi_effects else None, multi_effects, _fast_rule_lemmatizer(lemmatizer))

    def _effects(self, key: tuple[int, ...], doc: Doc) -> list[tuple[int, dict[str, str]]]:
        """The ordered (pattern order, attrs) of the one-token patterns that match a key
        (TAG, LOWER, DEP, IS_SPACE); computed once per key, the caller memoises the outcome."""
        strings = doc.vocab.strings
        values: dict[str, str | bool] = {
            "TAG": strings[key[0]] if key[0] else "",
            "LOWER": strings[key[1]] if key[1] else "",
            "DEP": strings[key[2]] if key[2] else "",
            "IS_SPACE": bool(key[3]),
        }
        tag, lower = str(values["TAG"]), str(values["LOWER"])
        candidates = [
            pattern
            for index_key in ((tag, lower), (tag, None), (None, lower), (None, None))
            for pattern in self._indexed.get(index_key, ())
        ]
        return [
            (pattern.order, pattern.attrs)
            for pattern in sorted(candidates, key=lambda p: p.order)
            if all(test(values[name]) for name, test in pattern.tests.items())
        ]

    def _resolved(self, effects: Iterable[tuple[int, dict[str, str]]], doc: Doc) -> Resolved:
        """What a token ends with after ``effects`` in order (later patterns win), as IDs."""
        final: dict[str, str] = {}
        for _order, attrs in effects:
            final.update(attrs)
        vocab = doc.vocab
        return (
            POS_IDS[final["POS"]] if "POS" in final else None,
            vocab.morphology.add(final["MORPH"]) if "MORPH" in final else None,
            vocab.strings.add(final["TAG"]) if "TAG" in final else None,
            final.get("LEMMA"),
            final.get("DEP"),
        )

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        if not len(doc):
            return doc
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE, POS, MORPH, ORTH]).tolist()
        memo = self._resolved_by_key
        resolved: list[Resolved] = []
        for row in rows:
            key = (row[0], row[1], row[2], row[3])
            found = memo.get(key)
            if found is None:
                found = self._resolved(self._effects(key, doc), doc)
                if len(memo) >= MEMO_LIMIT:  # a long crawl meets ever new words: stay bounded
                    memo.clear()
                memo[key] = found
            resolved.append(found)
        if self.multi is not None:
            strings = doc.vocab.strings
            for match_id, start, end in self.multi(doc):
                order, index, attrs = self.multi_effects[strings[match_id]]
                position = (start if index >= 0 else end) + index
                if start <= position < end:
                    row = rows[position]
                    merged = sorted([*self._effects(tuple(row[:4]), doc), (order, attrs)], key=lambda e: e[0])
                    resolved[position] = self._resolved(merged, doc)
        tags, pos, morph = [], [], []
        for i, (row, (new_pos, new_morph, new_tag, _lemma, new_dep)) in enumerate(
            zip(rows, resolved, strict=True)
        ):
            tags.append(row[0] if new_tag is None else new_tag)
            pos.append(row[4] if new_pos is None else new_pos)
            morph.append(row[5] if new_morph is None else new_morph)
            if new_dep is not None:
                doc[i].dep_ = new_dep
        doc.from_array([TAG, POS, MORPH], numpy.array([tags, pos, morph], dtype=numpy.uint64).T)  # type: ignore[arg-type]
        vocab = doc.vocab
        lemmas: list[int] = []
        lemma_memo = self._lemmas
        for i, (row, found) in enumerate(zip(rows, resolved, strict=True)):
            if found[3] is not None:
                lemmas.append(vocab.strings.add(found[3]))
                continue
            key3 = (row[6], pos[i], morph[i])
            lemma = lemma_memo.get(key3)
            if lemma is None:
                lemma = vocab.strings.add(self.lemmatize(doc[i])[0])
                if len(lemma_memo) >= MEMO_LIMIT:
                    lemma_memo.clear()
                lemma_memo[key3] = lemma
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory("quotetrail_token_attributes")
def make_token_attributes(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Factory: the fast equivalent of the pipeline's ``attribute_ruler`` + ``lemmatizer``."""
    component = TokenAttributes.from_pipeline(nlp)
    if component is None:
        raise ValueError("quotetrail_token_attributes needs a rule lemmatizer and a readable attribute_ruler")
    return component


def speed_up(nlp: Language) -> bool:
    """Swap ``attribute_ruler`` + ``lemmatizer`` for :class:`TokenAttributes` in place.

    Returns False (and changes nothing) when the pipeline's components are not of the kind this
    module reproduces exactly.
    """
    if TokenAttributes.from_pipeline(nlp) is None:
        return False
    nlp.add_pipe("quotetrail_token_attributes", after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return True
