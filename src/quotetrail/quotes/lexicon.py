"""The cue lexicon: which words report what someone said.

Two sources, merged: a short hand list of reporting verbs that news uses and any reader would
accept as "said" (so rare ones like *hailed* or *reiterated* work even when the training data saw
them once), and lemma statistics learned from PolNeAR's train split by
``scripts/train_quote_cues.py`` (``data/quotes/cues.json``: per lemma, how often it was an
annotated cue and how often it occurred in that frame).

Deliberately left out although PolNeAR annotates them: desires and plans (*want*, *hope*,
*plan*, *expect*, *intend*, *seek*). A user asking "who said what" wants statements and stated
beliefs, not intentions; see the package docstring. What polls or studies *show* or *find* is
no cue of a person's words here either: ``attribution.Attributor.findings`` reports it only with
a document (or researchers) as the source.

Counted as statements although no clause follows: acts of speech reported by their object
("cited a 2013 memo", "endorsed Ted Cruz", "questioned the timing") and verbs of speech with a
preposition (``PREPOSITIONAL_CUES``: "called for a ban", "spoke about his mother"), in finite
forms only -- "refused to endorse him" reports no statement made. Stances without speech
("supported", "opposed", "voted for") stay out, as do the desires above.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

# Reporting verbs that take what was said as a clause or a quotation.
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "note",
        "stress",
        "emphasise",
        "emphasize",
        "reiterate",
        "insist",
        "warn",
        "claim",
        "argue",
        "explain",
        "state",
        "declare",
        "announce",
        "assert",
        "maintain",
        "suggest",
        "acknowledge",
        "admit",
        "concede",
        "confirm",
        "deny",
        "reply",
        "respond",
        "answer",
        "ask",
        "write",
        "tweet",
        "post",
        "report",
        "recall",
        "observe",
        "remark",
        "comment",
        "predict",
        "promise",
        "pledge",
        "vow",
        "urge",
        "dismiss",
        "hail",
        "praise",
        "criticise",
        "criticize",
        "accuse",
        "allege",
        "contend",
        "complain",
        "caution",
        "point",
        "underline",
        "underscore",
        "reveal",
        "disclose",
        "continue",
        "conclude",
        "agree",
        "counter",
        "retort",
        "quip",
        "joke",
        "boast",
        "testify",
        "tell",
        "describe",
        "call",
        "blast",
        "slam",
        "charge",
        "demand",
        "recount",
        "affirm",
        "mention",
        "indicate",
        "signal",
        "estimate",
        "guarantee",
        "assure",
        "reassure",
        "announce",
        "proclaim",
        "question",
        "wonder",
        "lament",
        "rule",
        "remind",
        # Manner of speaking and naming: rare in train, or often without a quotation (so
        # their statistics stay under the bar), yet any reader takes '... shouted "X"' or
        # 'branded him a "liar"' as someone's words.
        "shout",
        "yell",
        "scream",
        "exclaim",
        "mutter",
        "whisper",
        "brand",
        "term",
    ]
)
# Documents whose findings are reported like speech ("the poll found", "according to the
# study"): a source, but no speaker.
DOCUMENT_NOUNS = frozenset(
    {
        "poll",
        "survey",
        "study",
        "report",
        "data",
        "analysis",
        "research",
        "figure",
        "number",
        "statistic",
        "record",
        "document",
        "email",
        "e-mail",
        "memo",
        "letter",
        "tally",
        "result",
        "return",
        "finding",
        "photo",
        "photograph",
        "video",
        "footage",
        "image",
        "audit",
        "review",
        "investigation",
        "inquiry",
        "count",
        "estimate",
        "projection",
        "model",
        "forecast",
        "average",
        "census",
        "filing",
        "transcript",
        "evidence",
        "chart",
        "map",
        "test",
        "trial",
        "experiment",
        "assessment",
        "probe",
        "calculation",
        "ranking",
        "index",
    }
)

# Verbs of stated belief, accepted with a clausal complement only (he believes that ...).
BELIEF_VERBS = frozenset(["believe", "think", "feel", "know", "consider", "doubt", "fear", "worry", "expect"])
# Never cues here, whatever the statistics say: intentions, desires and what data shows.
EXCLUDED = frozenset(
    [
        "want",
        "hope",
        # spaCy's lemma of "hoped" and "hopes": the same desire
        "hop",
        "plan",
        "intend",
        "seek",
        "wish",
        "aim",
        "try",
        "expect",
        "show",
        "find",
        "see",
        "look",
        "seem",
        "appear",
        "need",
        "decide",
        "be",
        "have",
        "do",
        "make",
        "get",
        "go",
        "come",
        "take",
        "give",
        "use",
        "help",
        "let",
        "keep",
        "become",
    ]
)
# Nouns that report speech when they take a clause: "X's claim that ...".
SPEECH_NOUNS = frozenset(
    [
        "claim",
        "statement",
        "assertion",
        "warning",
        "remark",
        "comment",
        "argument",
        "allegation",
        "insistence",
        "suggestion",
        "announcement",
        "admission",
        "acknowledgement",
        "acknowledgment",
        "promise",
        "pledge",
        "vow",
        "denial",
        "belief",
        "view",
        "insistence",
        "contention",
        "charge",
        "accusation",
    ]
)
# Multi-word cues read as one: "according to", "pointed out".
PARTICLE_CUES = frozenset(
    {("point", "out"), ("lay", "out"), ("spell", "out"), ("hit", "back"), ("fire", "back")}
)

# A verb and preposition that report what was said about their object: "called for a ban",
# "spoke about his mother". Speech only (not "voted for", "agreed with": stances); each read
# as its annotated content at least a third of the time on PolNeAR train.
PREPOSITIONAL_CUES = frozenset(
    {
        ("talk", "about"),
        ("speak", "about"),
        ("speak", "of"),
        ("refer", "to"),
        ("call", "for"),
        ("point", "to"),
        ("ask", "about"),
        ("comment", "on"),
        ("write", "about"),
        ("rail", "against"),
        ("hint", "at"),
        ("vouch", "for"),
        ("touch", "on"),
        ("push", "for"),
        ("warn", "of"),
        ("warn", "about"),
        ("complain", "about"),
        ("testify", "about"),
        ("joke", "about"),
        ("boast", "about"),
        ("brag", "about"),
        ("allude", "to"),
        ("dwell", "on"),
        ("elaborate", "on"),
    }
)
_PREPOSITIONAL_VERBS = frozenset(v for v, _ in PREPOSITIONAL_CUES)

MIN_PROBABILITY = 0.5
MIN_COUNT = 3


# Verbs that give a name, whose quoted object is a coined name ("called it the "Evil Empire"").
NAMING_VERBS = frozenset(["call", "dub", "brand", "term", "label", "nickname", "refer", "bill", "describe"])


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    try:
        raw = resources.files("quotetrail").joinpath("data/quotes/cues.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        log.warning("quotetrail cue lexicon data/quotes/cues.json is missing; using the built-in list only")
        return {}
    data: dict[str, Any] = json.loads(raw)
    return data


@lru_cache(maxsize=1)
def learned() -> dict[str, dict[str, tuple[int, int]]]:
    """The learned lemma counts (empty when the data file is missing, with a warning)."""
    data = _data().get("lexicon", {})
    return {frame: {k: (int(v[0]), int(v[1])) for k, v in table.items()} for frame, table in data.items()}


@lru_cache(maxsize=1)
def _stance_frames() -> dict[str, tuple[int, int]]:
    try:
        raw = resources.files("quotetrail").joinpath("data/quotes/stances.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        log.warning("quotetrail stance frames data/quotes/stances.json is missing; no stances reported")
        return {}
    frames = json.loads(raw).get("frames", {})
    return {k: (int(v[0]), int(v[1])) for k, v in frames.items()}


def stance_frame(pos: str, frame: str, lemma: str) -> tuple[int, int]:
    """How often train's annotators marked this frame's constituent as the content of an
    attribution cued by the word, and how often the frame occurs: ``(hits, total)``, (0, 0)
    when unseen. ``pos`` is "verb", "noun" or "adj"; ``frame`` "dobj", "xcomp", "ccomp" or
    "prep:<preposition>" (from ``scripts/train_stance_frames.py``)."""
    return _stance_frames().get(f"{pos}|{frame}|{lemma.lower()}", (0, 0))


@lru_cache(maxsize=1024)
def cue_child_included(dep: str, word: str) -> bool:
    """Whether a one-word child of a cue verb is written as part of the cue ("has said",
    "also said", "said of"), by how often train's annotators included it."""
    table = _data().get("cue_children", {})
    for key in (f"{dep}|{word.lower()}", dep):
        if key in table:
            hit, total = table[key]
            return bool(total) and hit / total >= 0.5
    return False


def probability(lemma: str, frame: str) -> float:
    """P(cue | lemma, frame) from train, 0.0 when unseen; ``frame`` is e.g. ``verb_clause``."""
    hit, total = learned().get(frame, {}).get(lemma, (0, 0))
    return hit / total if total else 0.0


@lru_cache(maxsize=4096)
def is_clause_cue(lemma: str) -> bool:
    """A verb that reports speech or stated belief when it takes a clause (said that ...)."""
    lemma = lemma.lower()
    if lemma in EXCLUDED:
        return False
    if lemma in SPEECH_VERBS or lemma in BELIEF_VERBS:
        return True
    hit, total = learned().get("verb_clause", {}).get(lemma, (0, 0))
    return hit >= MIN_COUNT and total > 0 and hit / total >= MIN_PROBABILITY


@lru_cache(maxsize=4096)
def is_quote_cue(lemma: str) -> bool:
    """A verb that frames a quotation ("...," she stressed / dismissed as "...")."""
    lemma = lemma.lower()
    if lemma in EXCLUDED or lemma in BELIEF_VERBS:
        return False
    if lemma in SPEECH_VERBS:
        return True
    for frame in ("verb_clause", "verb_other"):
        hit, total = learned().get(frame, {}).get(lemma, (0, 0))
        if hit >= MIN_COUNT and total > 0 and hit / total >= MIN_PROBABILITY:
            return True
    return False


def takes_prepositional_report(lemma: str) -> bool:
    """Whether a verb reports speech through a preposition ("called for", "spoke about")."""
    return lemma.lower() in _PREPOSITIONAL_VERBS


def is_prepositional_cue(lemma: str, preposition: str) -> bool:
    """Whether ``lemma`` with ``preposition`` reports what was said ("call for", "talk about")."""
    return (lemma.lower(), preposition.lower()) in PREPOSITIONAL_CUES


@lru_cache(maxsize=4096)
def is_noun_cue(lemma: str) -> bool:
    """A noun that reports speech when it takes a clause (the claim that ...)."""
    lemma = lemma.lower()
    if lemma in SPEECH_NOUNS:
        return True
    hit, total = learned().get("noun_clause", {}).get(lemma, (0, 0))
    return hit >= MIN_COUNT and total > 0 and hit / total >= MIN_PROBABILITY
