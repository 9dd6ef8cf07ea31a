"""Statements, positions, topics and wording fidelity.

* A **statement** is one thing a person said, however many articles report it. Quotes of one
  speaker are linked into a statement when their wordings are the same after normalisation (quote
  marks, ellipses, case, editorial brackets), when one is a fragment of the other, or — across
  different articles within a time window — when they are close paraphrases/translations
  (lexical similarity, plus embedding similarity when the ``semantic`` extra is installed).
* A **position** is what a speaker keeps saying on one topic: statements of the same speaker,
  possibly months apart and in different words, linked by shared topic phrases and lexical (or
  semantic) similarity. Being the same position is deliberately a separate, looser link than being
  the same utterance.
* **Topics** are key phrases and entity names of a statement, so a user can ask for "NATO".
* **Fidelity**: :func:`compare_wordings` gives a word-level diff of two reports of one statement.

Everything is incremental (:meth:`StatementIndex.add` places one report) and serialisable with
``to_dict``/``from_dict``; there is no database code here.
"""

from __future__ import annotations

import difflib
import functools
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .errors import ConfigError, InputError
from .stories import Embedder, _dense_cosine, content_terms, iso_date, parse_when, words

if TYPE_CHECKING:
    from .stories import SyndicationIndex
    from .types import Document, Quote

logger = logging.getLogger(__name__)

TopicExtractor = Callable[[str], list[str]]

# --------------------------------------------------------------------------------------------------
# normalisation

_QUOTE_CHARS = dict.fromkeys(map(ord, "\"'“”„‟«»‹›‘’‚‛`´"), " ")
_ELLIPSIS_RE = re.compile(r"\s*(?:…|\.\s*\.\s*\.)\s*")
_BRACKET_RE = re.compile(r"[\[\]]")


def normalize_quote(text: str) -> str:
    """The wording of a quote reduced to what matters for "is this the same quote".

    Drops quote marks of every script, ellipses (a gap an editor made), editorial square
    brackets (keeping what is inside: "[President Joe Biden]" → "president joe biden"), case,
    accents' compatibility forms and punctuation; collapses whitespace.
    """
    t = unicodedata.normalize("NFKC", text)
    t = _ELLIPSIS_RE.sub(" ", t)
    t = _BRACKET_RE.sub(" ", t)
    t = t.translate(_QUOTE_CHARS)
    return " ".join(words(t))


@functools.lru_cache(maxsize=65_536)
def _token_tuple(text: str) -> tuple[str, ...]:
    return tuple(normalize_quote(text).split())


def _tokens(text: str) -> list[str]:
    return list(_token_tuple(text))


def is_fragment(short: Sequence[str], long: Sequence[str], *, coverage: float = 0.9) -> bool:
    """True when token sequence ``short`` is (almost all) found, in order, inside ``long``.

    Short fragments (up to three tokens, the typical partial quote "absolute rubbish") must
    occur contiguously; longer ones may skip words an editor cut (an ellipsis) as long as
    ``coverage`` of their tokens match in order.
    """
    if not short or len(short) > len(long):
        return False
    if len(short) <= 3:
        n = len(short)
        return any(list(long[i : i + n]) == list(short) for i in range(len(long) - n + 1))
    sm = difflib.SequenceMatcher(None, list(short), list(long), autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    return matched / len(short) >= coverage


def _mostly_in(short: Sequence[str], long: Sequence[str], share: float = 0.9) -> bool:
    """Cheap pre-check for :func:`is_fragment`: are most of ``short``'s words in ``long`` at all?"""
    pool = set(long)
    return sum(1 for t in short if t in pool) >= share * len(short)


# --------------------------------------------------------------------------------------------------
# topics


def simple_topics(text: str) -> list[str]:
    """A model-free key-phrase extractor: runs of capitalised words and repeated content words.

    Used when the spaCy model is not installed; coarser than :func:`spacy_topics`.
    """
    found: list[str] = []
    for m in re.finditer(r"\b(?:[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*)", text):
        phrase = re.sub(r"[’']s$", "", m.group(0)).strip()
        if phrase.lower() not in _TOPIC_STOP and len(phrase) > 1:
            found.append(phrase)
    counts = Counter(t for t in content_terms(text) if len(t) > 3)
    found.extend(t for t, c in counts.most_common(5) if c > 1)
    return list(dict.fromkeys(found))


_TOPIC_STOP_TEXT = (
    "i we you he she they it this that there but and the a an no yes correct absolutely now since when "
    "what who why how our their my his her its do did does"
)
_TOPIC_STOP = frozenset(_TOPIC_STOP_TEXT.split())
_TOPIC_ENTS = frozenset({"ORG", "GPE", "NORP", "PERSON", "LOC", "EVENT", "LAW", "FAC", "PRODUCT"})


def spacy_topics(text: str, nlp: Any) -> list[str]:
    """Key phrases of ``text`` with a spaCy pipeline: named entities plus noun-chunk lemmas.

    Noun chunks are reduced to their content words ("its own means of defence" → "means",
    "defence"; "security guarantees" → "security guarantee") so that the same topic worded
    differently lands on the same key.
    """
    return topics_from_span(nlp(text))


def topics_from_span(doc: Any) -> list[str]:
    """:func:`spacy_topics` on text spaCy has already parsed (a ``Doc`` or a ``Span`` of one)."""
    from spacy.tokens import Span

    if isinstance(doc, Span):
        return topics_for_spans(doc.doc, [(doc.start, doc.end)])[0]
    return topics_for_spans(doc, [(0, len(doc))])[0]


def topics_for_spans(doc: Any, spans: list[tuple[int, int]]) -> list[list[str]]:
    """Topics of several token ranges ``(start, end)`` of one parsed ``Doc``.

    The pipeline calls this with every quote's content span of the article's own parse, so
    topics cost no second parse; the document's entities and noun chunks are read once, not once
    per quote (per quote, spaCy re-walks the whole document to find a span's noun chunks).
    A noun chunk that crosses a span's edge contributes its words inside the span.
    """
    entities = [
        (ent.start, ent.end, name)
        for ent in doc.ents
        if ent.label_ in _TOPIC_ENTS
        for name in [re.sub(r"[’']s$", "", ent.text.strip()).strip()]
        if name and name.lower() not in _TOPIC_STOP
    ]
    entity_tokens = {i for start, end, _ in entities for i in range(start, end)}
    chunks: list[tuple[int, int, list[tuple[int, str, bool]]]] = []
    for chunk in doc.noun_chunks:
        words = [
            (t.i, t.lemma_.lower(), t.pos_ in {"NOUN", "PROPN"})
            for t in chunk
            if t.i not in entity_tokens
            and not t.is_stop
            and t.is_alpha
            and t.pos_ in {"NOUN", "PROPN", "ADJ"}
            and t.lemma_.lower() not in _TOPIC_STOP
        ]
        if any(is_noun for _, _, is_noun in words):
            chunks.append((chunk.start, chunk.end, words))
    results: list[list[str]] = []
    for span_start, span_end in spans:
        found = [name for start, end, name in entities if start >= span_start and end <= span_end]
        for start, end, words in chunks:
            if end <= span_start or start >= span_end:
                continue
            nouns = [lemma for i, lemma, is_noun in words if is_noun and span_start <= i < span_end]
            if not nouns:
                continue
            # Compound noun phrase ("security guarantee") and each noun alone ("security").
            if len(nouns) > 1:
                found.append(" ".join(nouns))
            found.extend(nouns)
        results.append(list(dict.fromkeys(found)))
    return results


def default_topic_extractor() -> TopicExtractor:
    """spaCy-based topics when the English model is installed, else :func:`simple_topics`."""
    try:
        from . import nlp as nlp_mod

        pipeline = nlp_mod.load(with_quotes=False)
    except Exception as exc:  # noqa: BLE001 - ModelError or a broken optional install
        logger.warning("spaCy model unavailable, using simple topic extraction: %s", exc)
        return simple_topics

    def extract(text: str) -> list[str]:
        return spacy_topics(text, pipeline)

    return extract


def topic_matches(topic_query: str, topics: Iterable[str]) -> bool:
    """Whether a user's topic query names one of ``topics`` (case-insensitive, whole words).

    "NATO" matches "NATO"; "security" matches "security guarantee"; "guarantees" matches
    "security guarantee" through the same crude stemming the similarity uses.
    """
    q = content_terms(topic_query) or words(topic_query)
    if not q:
        return False
    for topic in topics:
        t = content_terms(topic) or words(topic)
        n = len(q)
        if any(t[i : i + n] == q for i in range(len(t) - n + 1)):
            return True
    return False


# --------------------------------------------------------------------------------------------------
# records


@dataclass(slots=True)
class QuoteReport:
    """One article's report of a quote: the unit a statement collects."""

    text: str
    speaker: str | None
    doc_id: str
    source: str | None = None
    outlet: str | None = None
    agency: str | None = None
    published: str | None = None
    said_on: str | None = None
    kind: str = "direct"
    speaker_id: str | None = None
    topics: list[str] = field(default_factory=list)
    embedding: list[float] | None = None

    @property
    def date(self) -> str | None:
        """The day of the report: when the outlet published it."""
        return iso_date(self.published) or iso_date(self.said_on)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "doc_id": self.doc_id,
            "source": self.source,
            "outlet": self.outlet,
            "agency": self.agency,
            "published": self.published,
            "date": self.date,
            "said_on": self.said_on,
            "kind": self.kind,
            "topics": list(self.topics),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuoteReport:
        return cls(
            text=data["text"],
            speaker=data.get("speaker"),
            speaker_id=data.get("speaker_id"),
            doc_id=data["doc_id"],
            source=data.get("source"),
            outlet=data.get("outlet"),
            agency=data.get("agency"),
            published=data.get("published"),
            said_on=data.get("said_on"),
            kind=data.get("kind") or "direct",
            topics=list(data.get("topics") or []),
        )

    @classmethod
    def from_quote(cls, doc: Document, quote: Quote) -> QuoteReport:
        """The report of ``quote`` in ``doc``; entity names mentioned inside the quote become topics."""
        span = quote.content
        inside = [
            e.name
            for e in doc.entities
            if any(m.start >= span.start and m.end <= span.end for m in e.mentions)
        ]
        return cls(
            text=quote.words,
            speaker=quote.speaker.name,
            speaker_id=quote.speaker.id,
            doc_id=doc.id or doc.url or doc.source,
            source=doc.url or doc.source,
            outlet=doc.outlet,
            agency=doc.agency,
            published=doc.published,
            said_on=quote.said_on,
            kind=quote.kind,
            topics=list(dict.fromkeys(inside)),
        )


@dataclass(slots=True)
class Wording:
    """One distinct wording of a statement and the articles that used it."""

    text: str
    doc_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "doc_ids": list(self.doc_ids)}


@dataclass(slots=True)
class Statement:
    """One thing a person said, with every report of it and every wording used."""

    id: str
    speaker: str | None
    speaker_key: str | None
    first_seen: str | None = None
    last_seen: str | None = None
    reports: list[QuoteReport] = field(default_factory=list)
    wordings: list[Wording] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    position_id: str | None = None
    # Similarity state (not shown): stemmed content terms of all wordings and an embedding.
    terms: Counter[str] = field(default_factory=Counter)
    embedding: np.ndarray | None = None

    @property
    def text(self) -> str:
        """The fullest wording (the longest), the one to show first."""
        return max((w.text for w in self.wordings), key=len, default="")

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(r.outlet for r in self.reports if r.outlet))

    @property
    def doc_ids(self) -> list[str]:
        return list(dict.fromkeys(r.doc_id for r in self.reports))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "speaker_key": self.speaker_key,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "text": self.text,
            "reports": [r.to_dict() for r in self.reports],
            "wordings": [w.to_dict() for w in self.wordings],
            "topics": list(self.topics),
            "position_id": self.position_id,
            "terms": dict(self.terms),
            "embedding": self.embedding.tolist() if self.embedding is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        emb = data.get("embedding")
        return cls(
            id=str(data["id"]),
            speaker=data.get("speaker"),
            speaker_key=data.get("speaker_key"),
            first_seen=data.get("first_seen"),
            last_seen=data.get("last_seen"),
            reports=[QuoteReport.from_dict(r) for r in data.get("reports") or []],
            wordings=[Wording(w["text"], list(w.get("doc_ids") or [])) for w in data.get("wordings") or []],
            topics=list(data.get("topics") or []),
            position_id=data.get("position_id"),
            terms=Counter(data.get("terms") or {}),
            embedding=np.asarray(emb, dtype=np.float32) if emb is not None else None,
        )


@dataclass(slots=True)
class Position:
    """Statements of one speaker on one topic over time: a stance restated."""

    id: str
    speaker: str | None
    speaker_key: str
    statement_ids: list[str] = field(default_factory=list)
    topics: Counter[str] = field(default_factory=Counter)
    first_seen: str | None = None
    last_seen: str | None = None

    @property
    def label(self) -> str:
        """The position's most frequent topics, as a short human label."""
        return ", ".join(t for t, _ in self.topics.most_common(3))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "speaker_key": self.speaker_key,
            "statement_ids": list(self.statement_ids),
            "topics": dict(self.topics),
            "label": self.label,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Position:
        return cls(
            id=str(data["id"]),
            speaker=data.get("speaker"),
            speaker_key=str(data["speaker_key"]),
            statement_ids=list(data.get("statement_ids") or []),
            topics=Counter(data.get("topics") or {}),
            first_seen=data.get("first_seen"),
            last_seen=data.get("last_seen"),
        )


LinkKind = Literal["new", "verbatim", "fragment", "paraphrase"]


def speaker_key(name: str | None, speaker_id: str | None = None) -> str | None:
    """The key quotes are grouped by: the canonical name folded, else the speaker id."""
    if name and name.strip():
        return " ".join(name.casefold().split())
    if speaker_id:
        return f"id:{speaker_id}"
    return None


# --------------------------------------------------------------------------------------------------
# the index


class StatementIndex:
    """Links quote reports into statements, and statements into positions, incrementally.

    ``window_days`` bounds how far apart two reports of one utterance may be (news reports a
    statement within days; a restatement months later is a new statement of the same position).
    ``paraphrase_threshold`` is the similarity above which two differently-worded reports from
    different articles count as one statement; ``position_threshold`` the (lower) similarity above
    which two statements of a speaker are one position. Topic phrases weigh in both. When an
    embedder is given (the ``semantic`` extra), statement pairs are scored ``0.3 * lexical + 0.7 *
    cosine`` against ``semantic_position_threshold`` instead, and paraphrases likewise lean on meaning.
    """

    def __init__(
        self,
        *,
        window_days: float = 7.0,
        paraphrase_threshold: float = 0.55,
        position_threshold: float = 0.25,
        semantic_position_threshold: float = 0.5,
        position_window_days: float | None = None,
        topic_extractor: TopicExtractor | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        thresholds = (paraphrase_threshold, position_threshold, semantic_position_threshold)
        if window_days <= 0 or not all(0 < t <= 1 for t in thresholds):
            raise ConfigError("statement window_days must be > 0 and thresholds in (0, 1]")
        self.window = timedelta(days=window_days)
        self.window_days = window_days
        self.paraphrase_threshold = paraphrase_threshold
        self.position_threshold = position_threshold
        self.semantic_position_threshold = semantic_position_threshold
        self.position_window_days = position_window_days
        self._topic_extractor = topic_extractor
        self.embedder = embedder
        self._statements: dict[str, Statement] = {}
        self._positions: dict[str, Position] = {}
        self._by_speaker: dict[str, list[str]] = {}
        self._positions_by_speaker: dict[str, list[str]] = {}
        self._df: Counter[str] = Counter()
        # speaker key -> term -> position ids; derived state, rebuilt lazily after loading.
        self._position_terms: dict[str, dict[str, set[str]]] = {}
        self.position_compare_last = 50
        self._pvec: dict[str, Counter[str]] = {}
        self._next_statement = 0
        self._next_position = 0
        self.last_link: LinkKind = "new"

    # -- public API -----------------------------------------------------------------------------

    def add(self, report: QuoteReport) -> str:
        """Place one report: join the statement it repeats, or start a new one. Returns its id."""
        if not report.text or not report.text.strip():
            raise InputError("a quote report needs non-empty text", source=report.source)
        toks = _tokens(report.text)
        key = speaker_key(report.speaker, report.speaker_id)
        when = parse_when(report.said_on) or parse_when(report.published)
        emb = self._embed(report)
        match: tuple[Statement, LinkKind] | None = None
        if key is not None and toks:
            match = self._match(key, report, toks, when, emb)
        if match is not None:
            statement, kind = match
            self.last_link = kind
            self._attach(statement, report, toks, when, emb)
            return statement.id
        self.last_link = "new"
        statement = Statement(
            id=f"st{self._next_statement}",
            speaker=report.speaker,
            speaker_key=key,
        )
        self._next_statement += 1
        self._statements[statement.id] = statement
        if key is not None:
            self._by_speaker.setdefault(key, []).append(statement.id)
        self._attach(statement, report, toks, when, emb)
        if key is not None:
            self._place_in_position(statement)
        return statement.id

    def add_document(self, doc: Document) -> list[str]:
        """Add every quote of a document record; returns the statement id of each quote, in order.

        A document without quotes adds nothing (and returns an empty list).
        """
        return [self.add(QuoteReport.from_quote(doc, q)) for q in doc.statements() if q.content.text.strip()]

    def get(self, statement_id: str) -> Statement:
        """A statement by id."""
        st = self._statements.get(statement_id)
        if st is None:
            raise InputError(f"no statement {statement_id!r}")
        return st

    def position(self, position_id: str) -> Position:
        """A position by id."""
        pos = self._positions.get(position_id)
        if pos is None:
            raise InputError(f"no position {position_id!r}")
        return pos

    def statements(self, *, speaker: str | None = None, topic: str | None = None) -> list[Statement]:
        """Statements, optionally of one speaker (canonical name) and/or on one topic, oldest first."""
        if speaker is not None:
            key = speaker_key(speaker)
            ids = self._by_speaker.get(key or "", [])
            found = [self._statements[i] for i in ids]
        else:
            found = list(self._statements.values())
        if topic:
            found = [s for s in found if topic_matches(topic, s.topics)]
        return sorted(found, key=lambda s: (s.first_seen or "9999", s.id))

    def positions(self, *, speaker: str | None = None, topic: str | None = None) -> list[Position]:
        """Positions, optionally of one speaker and/or touching one topic, oldest first."""
        if speaker is not None:
            key = speaker_key(speaker) or ""
            found = [self._positions[i] for i in self._positions_by_speaker.get(key, [])]
        else:
            found = list(self._positions.values())
        if topic:
            found = [p for p in found if topic_matches(topic, p.topics)]
        return sorted(found, key=lambda p: (p.first_seen or "9999", p.id))

    def topics(self, *, speaker: str | None = None) -> Counter[str]:
        """How many statements carry each topic (of one speaker, or of all)."""
        counts: Counter[str] = Counter()
        for s in self.statements(speaker=speaker):
            counts.update(set(s.topics))
        return counts

    def __len__(self) -> int:
        return len(self._statements)

    # -- persistence ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """State for the store (statements, positions, term frequencies, id counters)."""
        return {
            "version": 1,
            "params": {
                "window_days": self.window_days,
                "paraphrase_threshold": self.paraphrase_threshold,
                "position_threshold": self.position_threshold,
                "semantic_position_threshold": self.semantic_position_threshold,
                "position_window_days": self.position_window_days,
            },
            "next_statement": self._next_statement,
            "next_position": self._next_position,
            "df": dict(self._df),
            "statements": [s.to_dict() for s in self._statements.values()],
            "positions": [p.to_dict() for p in self._positions.values()],
        }

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        *,
        topic_extractor: TopicExtractor | None = None,
        embedder: Embedder | None = None,
    ) -> StatementIndex:
        """Rebuild an index saved by :meth:`to_dict`."""
        index = cls(**data.get("params", {}), topic_extractor=topic_extractor, embedder=embedder)
        index._next_statement = int(data.get("next_statement", 0))
        index._next_position = int(data.get("next_position", 0))
        index._df = Counter(data.get("df") or {})
        for raw in data.get("statements") or []:
            st = Statement.from_dict(raw)
            index._statements[st.id] = st
            if st.speaker_key is not None:
                index._by_speaker.setdefault(st.speaker_key, []).append(st.id)
        for raw in data.get("positions") or []:
            pos = Position.from_dict(raw)
            index._positions[pos.id] = pos
            index._positions_by_speaker.setdefault(pos.speaker_key, []).append(pos.id)
        return index

    # -- internals: statements ------------------------------------------------------------------

    def _extract_topics(self, text: str) -> list[str]:
        if self._topic_extractor is None:
            self._topic_extractor = default_topic_extractor()
        try:
            return self._topic_extractor(text)
        except Exception as exc:  # noqa: BLE001 - topics are an aid; a failure must not lose the quote
            logger.warning("topic extraction failed: %s", exc)
            return simple_topics(text)

    def _embed(self, report: QuoteReport) -> np.ndarray | None:
        if report.embedding is not None:
            return np.asarray(report.embedding, dtype=np.float32)
        if self.embedder is None:
            return None
        try:
            return np.asarray(self.embedder([report.text])[0], dtype=np.float32)
        except Exception as exc:  # noqa: BLE001 - optional signal
            logger.warning("embedding failed, lexical similarity only: %s", exc)
            return None

    def _idf(self, term: str) -> float:
        return math.log((len(self._statements) + 1) / (self._df.get(term, 0) + 1)) + 1.0

    def _similarity(self, a: Counter[str], b: Counter[str], memo: dict[str, float] | None = None) -> float:
        """IDF-weighted cosine of two bags of stemmed terms (``memo`` caches idf within one add)."""
        if not a or not b:
            return 0.0
        memo = {} if memo is None else memo

        def idf(t: str) -> float:
            w = memo.get(t)
            if w is None:
                w = memo[t] = self._idf(t)
            return w

        dot = sum(idf(t) ** 2 for t in a if t in b)
        if not dot:
            return 0.0
        na = math.sqrt(sum(idf(t) ** 2 for t in a))
        nb = math.sqrt(sum(idf(t) ** 2 for t in b))
        return dot / (na * nb)

    def _match(
        self,
        key: str,
        report: QuoteReport,
        toks: list[str],
        when: datetime | None,
        emb: np.ndarray | None,
    ) -> tuple[Statement, LinkKind] | None:
        joined = " ".join(toks)
        terms = Counter(content_terms(report.text))
        memo: dict[str, float] = {}
        best: tuple[float, Statement, LinkKind] | None = None
        for sid in reversed(self._by_speaker.get(key, [])):
            st = self._statements[sid]
            if not self._in_window(st, when):
                continue
            for wording in st.wordings:
                wt = _token_tuple(wording.text)
                if " ".join(wt) == joined:
                    return st, "verbatim"
                short, long = (toks, list(wt)) if len(toks) <= len(wt) else (list(wt), toks)
                if (
                    (best is None or best[2] != "fragment")
                    and len(short) >= 2
                    and content_terms(" ".join(short))  # "and the" is no quote
                    and _mostly_in(short, long)
                    and is_fragment(short, long)
                ):
                    best = (0.99, st, "fragment")
            if report.doc_id in st.doc_ids:
                continue  # two different quotes in one article are two statements
            lex = self._similarity(terms, st.terms, memo)
            seq = 0.0
            if lex >= 0.15:  # word order only matters once there are shared words
                seq = max(
                    (
                        difflib.SequenceMatcher(None, toks, list(_token_tuple(w.text)), False).ratio()
                        for w in st.wordings
                    ),
                    default=0.0,
                )
            sim = max(lex, seq)
            if emb is not None and st.embedding is not None:
                # Meaning outweighs wording when we can measure it: translations share few words.
                sim = max(sim, 0.3 * sim + 0.7 * _dense_cosine(emb, st.embedding))
            if sim >= self.paraphrase_threshold and (best is None or sim > best[0]):
                best = (sim, st, "paraphrase")
        return (best[1], best[2]) if best is not None else None

    def _in_window(self, st: Statement, when: datetime | None) -> bool:
        if when is None:
            return True
        first = parse_when(st.first_seen)
        last = parse_when(st.last_seen)
        if first is None or last is None:
            return True
        return first - self.window <= when <= last + self.window

    def _attach(
        self,
        st: Statement,
        report: QuoteReport,
        toks: list[str],
        when: datetime | None,
        emb: np.ndarray | None,
    ) -> None:
        new_topics = report.topics + self._extract_topics(report.text)
        # The speaker is not a topic of their own statement ("Putin" said by Putin).
        own = {(report.speaker or "").casefold()} | {(report.speaker or "").casefold().split(" ")[-1]}
        report.topics = [t for t in dict.fromkeys(new_topics) if t.casefold() not in own]
        st.reports.append(report)
        self._pvec.pop(st.id, None)
        norm = " ".join(toks)
        for wording in st.wordings:
            if " ".join(_tokens(wording.text)) == norm:
                if report.doc_id not in wording.doc_ids:
                    wording.doc_ids.append(report.doc_id)
                break
        else:
            st.wordings.append(Wording(report.text.strip(), [report.doc_id]))
        before = set(st.terms)
        st.terms.update(content_terms(report.text))
        for t in set(st.terms) - before:
            self._df[t] += 1
        st.topics = list(dict.fromkeys(st.topics + report.topics))
        day = iso_date(report.said_on) if report.said_on and len(report.said_on) >= 10 else report.date
        if day:
            st.first_seen = min(st.first_seen or day, day)
            st.last_seen = max(st.last_seen or day, day)
        if emb is not None:
            n = len(st.reports) - 1
            st.embedding = emb if st.embedding is None else (st.embedding * n + emb) / (n + 1)
        if st.position_id:
            pos = self._positions[st.position_id]
            pos.topics.update(report.topics)
            self._span_position(pos, st)

    # -- internals: positions -------------------------------------------------------------------

    def _position_vector(self, st: Statement) -> Counter[str]:
        """Terms of a statement for position matching: its words plus its topic phrases (cached)."""
        vec = self._pvec.get(st.id)
        if vec is None:
            vec = Counter(st.terms)
            for topic in st.topics:
                for t in content_terms(topic):
                    vec[t] += 1
            self._pvec[st.id] = vec
        return vec

    def _position_candidates(self, speaker: str, vec: Counter[str]) -> list[str]:
        """Positions of ``speaker`` sharing one of the statement's most distinctive terms.

        An inverted index (speaker → term → positions) keeps placement from comparing a new
        statement with every position a prolific speaker ever took.
        """
        postings = self._position_terms.get(speaker)
        if postings is None:
            postings = self._position_terms[speaker] = {}
            for pid in self._positions_by_speaker.get(speaker, []):
                for sid in self._positions[pid].statement_ids:
                    for t in self._position_vector(self._statements[sid]):
                        postings.setdefault(t, set()).add(pid)
        found: set[str] = set()
        for t in vec:
            hits = postings.get(t, ())
            if len(hits) <= 200:  # a word in hundreds of positions ("Ukraine") is not distinctive
                found.update(hits)
        return sorted(found, key=lambda pid: int(pid[3:]))

    def _place_in_position(self, st: Statement) -> None:
        assert st.speaker_key is not None
        vec = self._position_vector(st)
        memo: dict[str, float] = {}
        best: tuple[float, Position] | None = None
        candidates = self._position_candidates(st.speaker_key, vec)
        if st.embedding is not None:  # meaning can match where no word is shared
            recent = self._positions_by_speaker.get(st.speaker_key, [])[-500:]
            candidates = sorted(set(candidates) | set(recent), key=lambda pid: int(pid[3:]))
        for pid in candidates:
            pos = self._positions[pid]
            if self.position_window_days is not None and not self._position_in_window(pos, st):
                continue
            sims = []
            for sid in pos.statement_ids[-self.position_compare_last :]:
                other = self._statements[sid]
                lex = self._similarity(vec, self._position_vector(other), memo)
                if st.embedding is not None and other.embedding is not None:
                    sem = 0.3 * lex + 0.7 * _dense_cosine(st.embedding, other.embedding)
                    sims.append(sem / self.semantic_position_threshold)
                else:
                    sims.append(lex / self.position_threshold)
            if not sims:
                continue
            # Each pair is scored relative to its own threshold (1.0 = just enough), then average
            # link, not single link: one shared word with one member must not chain unrelated
            # statements into one ever-growing position.
            score = 0.5 * max(sims) + 0.5 * (sum(sims) / len(sims))
            if score >= 1.0 and (best is None or score > best[0]):
                best = (score, pos)
        if best is None:
            pos = Position(id=f"pos{self._next_position}", speaker=st.speaker, speaker_key=st.speaker_key)
            self._next_position += 1
            self._positions[pos.id] = pos
            self._positions_by_speaker.setdefault(st.speaker_key, []).append(pos.id)
        else:
            pos = best[1]
        pos.statement_ids.append(st.id)
        pos.topics.update(st.topics)
        st.position_id = pos.id
        postings = self._position_terms.setdefault(st.speaker_key, {})
        for t in vec:
            postings.setdefault(t, set()).add(pos.id)
        self._span_position(pos, st)

    def _position_in_window(self, pos: Position, st: Statement) -> bool:
        assert self.position_window_days is not None
        a, b = parse_when(pos.last_seen), parse_when(st.first_seen)
        if a is None or b is None:
            return True
        return abs((b - a).days) <= self.position_window_days

    @staticmethod
    def _span_position(pos: Position, st: Statement) -> None:
        if st.first_seen:
            pos.first_seen = min(pos.first_seen or st.first_seen, st.first_seen)
        if st.last_seen:
            pos.last_seen = max(pos.last_seen or st.last_seen, st.last_seen)


def independent_reports(statement: Statement, syndication: SyndicationIndex | None) -> list[QuoteReport]:
    """The reports of a statement that are independent: one per syndicated text.

    Forty sites republishing one wire story are one report, not forty; reports from articles the
    syndication index does not know are kept (nothing says they are copies).
    """
    if syndication is None:
        return list(statement.reports)
    keep = set(syndication.independent(r.doc_id for r in statement.reports))
    seen: set[str] = set()
    out = []
    for r in statement.reports:
        if r.doc_id in keep and r.doc_id not in seen:
            seen.add(r.doc_id)
            out.append(r)
    return out


# --------------------------------------------------------------------------------------------------
# fidelity


DiffKind = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One step of a word-level comparison of wording ``a`` with wording ``b``.

    ``a`` holds the words of the first wording the step covers and ``b`` those of the second:
    ``equal`` (same words), ``delete`` (in ``a`` only: omitted by ``b``), ``insert`` (in ``b``
    only: added), ``replace`` (changed words). Texts are raw, unescaped: renderers escape.
    """

    op: DiffKind
    a: str
    b: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "a": self.a, "b": self.b}


_TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*|\.\s?\.\s?\.|[^\w\s]", re.UNICODE)
_QUOTE_MARKS = frozenset("\"'“”„‟«»‹›‘’‚‛`´")


def _diff_key(token: str) -> str:
    if token in _QUOTE_MARKS:
        return '"'  # “ ” « » " all compare equal: house style, not wording
    if token == "…" or token.startswith("."):
        return "…" if len(token) > 1 or token == "…" else "."
    return normalize_quote(token) or token


def _diff_tokens(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Spans of the words and punctuation of ``text`` and their comparison keys."""
    matches = list(_TOKEN_RE.finditer(text))
    return [m.span() for m in matches], [_diff_key(m.group(0)) for m in matches]


def compare_wordings(a: str, b: str) -> list[DiffOp]:
    """Word-level diff of two wordings of one statement: omissions, additions, changed words.

    Comparison ignores case and the style of quote marks and ellipses ("…" vs "..."), so only
    real wording changes show; each op carries the exact stretch of each side's own text (spacing
    and punctuation as written). Built on :mod:`difflib`.
    """
    a, b = unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b)
    a_spans, a_keys = _diff_tokens(a)
    b_spans, b_keys = _diff_tokens(b)
    sm = difflib.SequenceMatcher(None, a_keys, b_keys, autojunk=False)
    return [
        DiffOp(tag, _stretch(a, a_spans, i1, i2), _stretch(b, b_spans, j1, j2))
        for tag, i1, i2, j1, j2 in sm.get_opcodes()
    ]


def _stretch(text: str, spans: list[tuple[int, int]], i: int, j: int) -> str:
    return text[spans[i][0] : spans[j - 1][1]] if j > i else ""


def format_diff(ops: Iterable[DiffOp]) -> str:
    """Plain-text rendering for a terminal: ``[-omitted-]``, ``{+added+}``, ``[-old-]{+new+}``."""
    parts: list[str] = []
    for op in ops:
        if op.op == "equal":
            parts.append(op.a)
        elif op.op == "delete":
            parts.append(f"[-{op.a}-]")
        elif op.op == "insert":
            parts.append(f"{{+{op.b}+}}")
        else:
            parts.append(f"[-{op.a}-]{{+{op.b}+}}")
    return " ".join(p for p in parts if p)


def fidelity(a: str, b: str) -> float:
    """Share of the words of the two wordings that are the same (1.0 = identical wording)."""
    ops = compare_wordings(a, b)
    same = sum(len(op.a.split()) for op in ops if op.op == "equal")
    total_a = sum(len(op.a.split()) for op in ops)
    total_b = sum(len(op.b.split()) for op in ops)
    total = max(total_a, total_b)
    return same / total if total else 1.0
