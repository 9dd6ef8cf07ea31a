"""Resolving a speaker mention ("he", "Putin", "the Russian leader") to a person in the document.

No coreference package works offline with spaCy 3.8, so this is a small, conservative resolver
on spaCy's parse and entities. Why each rule exists:

* **name** -- a PERSON mention resolves to the fullest PERSON name in the document that shares
  its surname (or first name), so "Putin" becomes "Vladimir Putin"; the orchestrator joins on
  that name, and the entity builder uses the same fullest-name rule;
* **role** -- titles written next to a name ("Russian President Vladimir Putin", "Fico, the
  Slovak prime minister") are remembered per person, and a later common-noun mention ("the
  Russian leader") resolves only when exactly one person carries a matching title;
* **pronoun** -- he/she resolve to the most recent gender-compatible *subject* person before
  them (news prose keeps the topic in subject position), with gender taken from honorifics, then
  from a common first name (US Census lists, ``data/first_names.tsv``), then from the pronouns
  used around sentences that name only one person;
* **group** -- plural or organisational subjects ("Ukraine's backers", "the Kremlin") stay a
  group and are never forced onto a person; "they" resolves to the latest such group. A name
  inside such a phrase does not make it that person: "Clinton supporters", "a Clinton aide",
  "the Obama administration", "The three scholars - Mr. Tribe, ..." and people named together
  ("Trump and Clinton both said") are groups or unnamed;
* **writing** -- a tweet, statement, ad or speech speaks for its named owner ("Trump's tweet
  said"); one of no one named is a source with no speaker;
* a lone surname the recogniser took for an organisation ("Trump said") is the person of that
  surname in the document; abbreviated titles and states give roles ("Sen. Marco Rubio
  (R-Fla.)" later resolves "the Florida senator"), and "the president" prefers the holder to a
  former one;
* first and second person outside a quotation is the reporter or reader: no speaker.

Whenever the evidence is thin the name stays None with a low confidence: a wrong speaker is
worse than none.
"""

from __future__ import annotations

import functools
import logging
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..entities import NAME_SUFFIXES, TITLE_EXPANSIONS
from ..person_names import first_name_gender, looks_like_person
from .lexicon import DOCUMENT_NOUNS, NAMING_VERBS, is_clause_cue, is_quote_cue

log = logging.getLogger(__name__)

TITLE_WORDS = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice",
        "prime",
        "minister",
        "sen",
        "sen.",
        "senator",
        "rep",
        "rep.",
        "representative",
        "gov",
        "gov.",
        "governor",
        "mayor",
        "secretary",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "princess",
        "general",
        "gen",
        "gen.",
        "adm",
        "admiral",
        "chief",
        "justice",
        "judge",
        "speaker",
        "leader",
        "pope",
        "rev",
        "reverend",
        "sheikh",
        "emir",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "former",
        "candidate",
        "nominee",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "director",
        "commissioner",
        "attorney",
        "pastor",
        "professor",
        "prof",
        "prof.",
        "lt",
        "col",
        "colonel",
        "sgt",
        "sergeant",
        "capt",
        "captain",
    ]
)
ROLE_NOUNS = frozenset(
    [
        "president",
        "leader",
        "minister",
        "premier",
        "chancellor",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "king",
        "queen",
        "prince",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "candidate",
        "nominee",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "director",
        "commissioner",
        "ambassador",
        "general",
        "admiral",
        "emir",
        "sheikh",
        "pope",
        "congressman",
        "congresswoman",
        "lawmaker",
        "representative",
        "speaker",
        "justice",
        "judge",
        "attorney",
        "prosecutor",
        "billionaire",
        "businessman",
        "founder",
        "host",
        "anchor",
        "adviser",
        "advisor",
        "aide",
        "strategist",
        "official",
    ]
)
# Titles a generic "leader" can stand for.
LEADER_TITLES = frozenset(
    ["president", "minister", "premier", "chancellor", "king", "queen", "leader", "emir", "sheikh"]
)
MALE = frozenset(["he", "him", "his", "himself"])
FEMALE = frozenset(["she", "her", "hers", "herself"])
# Institutions that speak as a body: "the city council said", "the ministry insisted". Named
# ones are ORG entities already; these are the common nouns a report uses for them.
INSTITUTION_NOUNS = frozenset(
    [
        "council",
        "government",
        "ministry",
        "committee",
        "court",
        "commission",
        "board",
        "agency",
        "police",
        "army",
        "military",
        "parliament",
        "senate",
        "congress",
        "administration",
        "cabinet",
        "legislature",
        "assembly",
        "regulator",
        "department",
        "authority",
        "authorities",
        "embassy",
        "campaign",
        "company",
        "firm",
        "union",
        "party",
        "prosecutors",
        "prosecution",
        "inquiry",
        "tribunal",
        "coalition",
        "alliance",
        "federation",
        "opposition",
        "municipality",
        "team",
        "camp",
        "staff",
        "office",
        "organization",
        "organisation",
        "foundation",
        "network",
        "newspaper",
    ]
)

# Abbreviated titles and US states (AP style) written beside names, and the words a later
# mention uses for them ("Sen. Marco Rubio (R-Fla.)" ... "the Florida senator").
_ROLE_ABBREVIATIONS = {
    **{short: full.lower() for short, full in TITLE_EXPANSIONS.items()},
    "sec": "secretary",
    "prof": "professor",
    "rev": "reverend",
    "maj": "major",
    "supt": "superintendent",
    "ala": "alabama",
    "ariz": "arizona",
    "ark": "arkansas",
    "calif": "california",
    "colo": "colorado",
    "conn": "connecticut",
    "del": "delaware",
    "fla": "florida",
    "ga": "georgia",
    "ill": "illinois",
    "ind": "indiana",
    "kan": "kansas",
    "ky": "kentucky",
    "la": "louisiana",
    "md": "maryland",
    "mass": "massachusetts",
    "mich": "michigan",
    "minn": "minnesota",
    "miss": "mississippi",
    "mo": "missouri",
    "mont": "montana",
    "neb": "nebraska",
    "nev": "nevada",
    "n.h": "new hampshire",
    "n.j": "new jersey",
    "n.m": "new mexico",
    "n.y": "new york",
    "n.c": "north carolina",
    "n.d": "north dakota",
    "okla": "oklahoma",
    "ore": "oregon",
    "pa": "pennsylvania",
    "r.i": "rhode island",
    "s.c": "south carolina",
    "s.d": "south dakota",
    "tenn": "tennessee",
    "vt": "vermont",
    "va": "virginia",
    "wash": "washington",
    "w.va": "west virginia",
    "wis": "wisconsin",
    "wyo": "wyoming",
}


def naming_verb_as_main(verb: Token, in_quote: list[int]) -> Span | None:
    """The clause of a naming verb the parser read as a participle on its subject ("One
    lawmaker called Trump "the orange prince"" parsed like "a group called "X""), or None.

    It is one when the clause (its sentence, or the part between semicolons) has no other verb
    outside quotation marks, the noun it hangs on lies in the clause before it, and a quotation
    follows it in the clause."""
    head = verb.head
    if (
        verb.dep_ != "acl"
        or verb.tag_ not in ("VBD", "VBN")
        or verb.lemma_.lower() not in NAMING_VERBS
        or head.pos_ not in ("NOUN", "PROPN")
        or in_quote[head.i] >= 0
        or head.i > verb.i
    ):
        return None
    doc, sent = verb.doc, verb.sent
    start, end = sent.start, sent.end
    for t in doc[sent.start : verb.i]:
        if t.text == ";":
            start = t.i + 1
    for t in doc[verb.i + 1 : sent.end]:
        if t.text == ";" and in_quote[t.i] < 0:
            end = t.i
            break
    if head.i < start:
        return None
    words = doc[start:end]
    if any(t.pos_ in ("VERB", "AUX") and t.i != verb.i and in_quote[t.i] < 0 for t in words):
        return None
    if not any(in_quote[t.i] >= 0 for t in doc[verb.i + 1 : end]):
        return None
    return words


def _suffix(words: list[str]) -> str:
    """A name's generational suffix ("jr", "iii"), or ""."""
    last = words[-1].lower().rstrip(",.") if len(words) > 1 else ""
    return last if last in NAME_SUFFIXES else ""


#: Words that begin a surname of several words ("Le Pen", "Van Hollen", "de Blasio").
SURNAME_PARTICLES = frozenset(["le", "la", "de", "del", "della", "van", "von", "der", "da", "di", "du", "al", "el", "bin"])


def _surname_key(words: list[str]) -> str:
    """The surname of a name's words, past a suffix ("Harry B. Harris Jr." is a Harris)."""
    while len(words) > 1 and words[-1].lower().rstrip(",.") in NAME_SUFFIXES:
        words = words[:-1]
    return words[-1].lower()


def _abbreviated(word: str) -> bool:
    return word.endswith(".") and word.rstrip(".") in _ROLE_ABBREVIATIONS or word in ("sen", "rep", "gov")


_AGE_EPITHET = re.compile(r"\d{1,3}-year-old")
RELATIVE = frozenset(["who", "which", "that", "whom"])
# Pronouns that a following phrase defines ("some of them", "those surveyed", "many who ...").
QUANTIFIER_PRONOUNS = frozenset(
    [
        "some",
        "many",
        "most",
        "those",
        "all",
        "several",
        "few",
        "both",
        "none",
        "others",
        "each",
        "one",
        "half",
    ]
)
# What someone writes or puts out, which speaks for its author ("Trump's tweet said").
WRITINGS = frozenset(
    {
        "post",
        "tweet",
        "ad",
        "advertisement",
        "commercial",
        "column",
        "editorial",
        "op-ed",
        "book",
        "memoir",
        "article",
        "statement",
        "release",
        "message",
        "letter",
        "email",
        "e-mail",
        "memo",
        "note",
        "blog",
        "website",
        "op",
        "video",
        "speech",
        "remark",
        "comment",
    }
)
FIRST_SECOND = frozenset(["i", "we", "me", "us", "you"])
# A transcript line's speaker label: "FALLIN:", "Sen. Mary Fallin:", "Mr. Trump:".
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s")
# Labels that are not someone: the interviewer and interviewee stand-ins, page furniture.
_NOT_SPEAKER_LABELS = frozenset(
    [
        "Q",
        "A",
        "QUESTION",
        "ANSWER",
        "UPDATE",
        "NOTE",
        "EDITOR'S NOTE",
        "CORRECTION",
        "WATCH",
        "READ",
        "VIDEO",
    ]
)


HONORIFIC_GENDER = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
}
_NP_RIGHT = frozenset({"compound", "flat", "nummod", "prep", "amod", "poss", "nmod", "conj", "cc"})
_NP_EXTRA = frozenset({"appos", "acl", "punct", "npadvmod"})
_IGNORED_MODIFIERS = frozenset(
    ["the", "a", "an", "this", "that", "former", "then", "current", "top", "new", "ex", "'s", "’s"]
)


@dataclass(slots=True)
class Resolution:
    """A resolved mention: a person's canonical name, a group phrase, or nothing."""

    name: str | None = None
    confidence: float = 0.0
    via: str = "none"
    is_group: bool = False


@dataclass(slots=True)
class _Person:
    canonical: str
    key: str
    roles: set[str] = field(default_factory=set)
    # Titles held outright ("President Barack Obama"), not of some body ("Dan Gross, president
    # of the Brady Campaign"): a bare "the president" means one of these.
    plain_roles: set[str] = field(default_factory=set)
    gender: str | None = None
    male: int = 0
    female: int = 0


DATELINE_DASHES = frozenset(["\u2014", "\u2013", "--", "-"])


def is_dateline(tokens: Span) -> bool:
    """Whether ``tokens`` read as a dateline: "MOSCOW (Reuters)", "WASHINGTON", "KYIV, Ukraine (AP)".

    Names and punctuation only, with a place in capitals or an agency in brackets, so that a
    speaker's own name before a dashed aside ("Donald Trump - the nominee -") is not taken for one.
    """
    if not len(tokens) or not all(t.is_punct or t.is_upper or t.pos_ == "PROPN" for t in tokens):
        return False
    doc = tokens.doc
    if tokens.start > 0 and "\n" not in doc[tokens.start - 1].text_with_ws:
        return False  # a dateline opens its paragraph ("NATO - the alliance - said" is none)
    capitals = any(t.is_alpha and t.is_upper and len(t) >= 3 for t in tokens)
    bracketed = any(t.text == "(" for t in tokens) and tokens[-1].text == ")"
    return capitals or bracketed


def _strip_possessive(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.lower_ not in ("'s", "’s", "'", "’") and not t.is_punct]


def _name_tokens(ent: Span) -> list[Token]:
    """The tokens of a PERSON entity that are the name itself (no titles, no possessive)."""
    return [t for t in _strip_possessive(list(ent)) if t.lower_ not in TITLE_WORDS]


class SpeakerResolver:
    """Resolves mentions in one document; build once per doc, query in text order."""

    def __init__(
        self,
        doc: Doc,
        in_quote: list[int],
        embedded: set[int] | None = None,
        toks: list[Token] | None = None,
    ) -> None:
        """``in_quote``: per token, the quotation it lies in (-1: none); ``embedded``: tokens
        inside reported content, whose subjects are not the topic of the reporter's prose;
        ``toks``: ``list(doc)`` when the caller has it (spaCy builds a Token at every access)."""
        self.doc = doc
        self.toks = toks if toks is not None else list(doc)
        self.in_quote = in_quote
        self.embedded = embedded or set()
        self.people: dict[str, _Person] = {}  # canonical -> person
        self.by_surname: dict[str, list[str]] = {}
        self.by_first: dict[str, list[str]] = {}
        self._ent_person: dict[int, str] = {}  # token index -> canonical
        self._ambiguous: dict[int, tuple[int, int, list[str]]] = {}  # token -> (ent start, end, names)
        self._bare: dict[str, str] = {}  # an ambiguous bare name -> whom it last meant
        self._former: set[str] = set()  # people named with a title they have left
        self._build_people()
        # Salience: (token index, canonical or group phrase, is_subject, is_group)
        self._salience: list[tuple[int, str, bool, bool]] = []
        self._cache: dict[int, Resolution] = {}
        self._build_salience()

    @functools.cached_property
    def _lower_words(self) -> frozenset[str]:
        """Words the article writes in lower case somewhere (a common noun, not a surname)."""
        return frozenset(t.text for t in self.doc if t.text.islower())

    # -- people ----------------------------------------------------------------------------
    def _build_people(self) -> None:
        names: list[tuple[int, list[str], Span]] = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" and not looks_like_person(ent):
                continue
            toks = _name_tokens(ent)
            words = [t.text for t in toks if t.text[:1].isupper()]
            if not words:
                continue
            names.append((ent.start, words, ent))
        names.extend(self._honorific_names())
        # Fullest name per surname: longer names first so single words attach to them.
        for _, words, _ in sorted(names, key=lambda n: (-len(n[1]), n[0])):
            key = _surname_key(words)
            if len(words) == 1 and key in self.by_first and key not in self.by_surname:
                continue  # a first name alone ("Hillary") joins the full name below
            if key in self.by_surname:
                same = [c for c in self.by_surname[key] if self._compatible(c, words)]
                if same:
                    continue
            canonical = " ".join(words)
            self.people[canonical] = _Person(canonical, key)
            self.by_surname.setdefault(key, []).append(canonical)
            if len(words) > 1:
                self.by_first.setdefault(words[0].lower(), []).append(canonical)
        for start, words, ent in names:
            found = self._lookup(words)
            if found is None:
                cands = self._candidates(words)
                if len(cands) > 1:  # "Lazar" with two Lazars: decided in text order, by salience
                    for t in ent:
                        self._ambiguous[t.i] = (ent.start, ent.end, cands)
                continue
            canonical = found
            for t in ent:
                self._ent_person[t.i] = canonical
            person = self.people[canonical]
            for t in ent:
                if t.lower_ in HONORIFIC_GENDER:
                    person.gender = HONORIFIC_GENDER[t.lower_]
            prev = self.doc[start - 1] if start > 0 else None
            if prev is not None and prev.lower_ in HONORIFIC_GENDER:
                person.gender = HONORIFIC_GENDER[prev.lower_]
            if person.gender is None and len(words) > 1:
                # "Hillary Clinton", "Donald Trump": a first name most of whose bearers are of one sex
                person.gender = first_name_gender(canonical.split()[0])
            if self.in_quote[start] < 0:
                near = self._roles_near(ent)
                person.roles |= near
                person.plain_roles |= near - self._roles_of_a_body(ent)
                if self._former_title(ent):
                    self._former.add(person.canonical)
        self._estimate_gender()

    def _honorific_names(self) -> list[tuple[int, list[str], Span]]:
        """Names after an honorific the recogniser missed ("Mr Farage told BBC Radio"): a
        title like "Mr." or "Mrs." is evidence enough that the capitalised words after it are
        a person's name."""
        found: list[tuple[int, list[str], Span]] = []
        n = len(self.toks)
        for t in self.toks:
            if t.lower_ not in HONORIFIC_GENDER or t.lower_ in ("sir", "miss") or t.i + 1 >= n:
                continue
            end = t.i + 1
            while (
                end < n
                and end - t.i <= 3
                and self.toks[end].pos_ == "PROPN"
                and self.toks[end].text[:1].isupper()
                and self.toks[end].is_alpha
                and self.toks[end].ent_type_ != "PERSON"
            ):
                end += 1
            if end > t.i + 1:
                found.append(
                    (
                        t.i + 1,
                        [w.text for w in self.toks[t.i + 1 : end]],
                        Span(self.doc, t.i + 1, end, "PERSON"),
                    )
                )
        return found

    def _issued_earlier(self, head: Token) -> Resolution:
        """ "the statement said", "the email read": the writing someone was just said to issue,
        send or post ("Black Lives Matter issued a statement", "The Cruz campaign sent a
        fundraising email") speaks for them. Looks back a few sentences only."""
        lemma = head.lemma_.lower()
        lo = max(0, head.i - 120)
        for t in reversed(self.toks[lo : head.i]):
            if (
                t.lemma_.lower() != lemma
                or t.dep_ != "dobj"
                or t.head.pos_ != "VERB"
                or self.in_quote[t.i] >= 0
            ):
                continue
            issuer = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            if issuer is None or issuer.lower_ in FIRST_SECOND:
                return Resolution()
            res = self.resolve(issuer)
            if res.name is None:
                return Resolution()
            return Resolution(res.name, min(res.confidence, 0.6), "writing", res.is_group)
        return Resolution()

    def _transcript_speaker(self, head: Token) -> Resolution:
        """ "I" in a transcript paragraph labelled with its speaker ("FALLIN: I think he is
        trying ...") is that speaker; anywhere else, "I" outside a quotation is the reporter."""
        text = self.doc.text
        start = text.rfind("\n", 0, head.idx) + 1
        label = _TRANSCRIPT_LABEL.match(text, start, head.idx)
        if label is None:
            return Resolution()
        if label.group(1).strip().upper() in _NOT_SPEAKER_LABELS:
            return Resolution()
        span = self.doc.char_span(label.start(1), label.end(1), alignment_mode="contract")
        if span is None or not len(span):
            return Resolution()
        res = self.resolve(span[-1])  # the label as the transcript line's own frame reads it
        if res.name is None or res.is_group:
            return Resolution()  # "WASHINGTON: I ..." is a dateline, not a speaker
        return Resolution(res.name, res.confidence * 0.9, res.via)

    def _compatible(self, canonical: str, words: list[str]) -> bool:
        """Whether a name's words fit a canonical name (same surname, no clashing first name)."""
        cwords = canonical.split()
        if len(words) == 1 or len(cwords) == 1:
            return True
        if _suffix(words) != _suffix(cwords):
            return False  # "Donald Trump Jr." is not "Donald J. Trump
        if (
            len(words) < len(cwords)
            and [w.lower() for w in cwords[-len(words) :]] == [w.lower() for w in words]
            # a first name before the shared words, none at their start: "Certainly Donald
            # Trump" (a recogniser's run-on) is no fuller "Donald Trump"
            and first_name_gender(cwords[0]) is not None
            and (first_name_gender(words[0]) is None or words[0].lower() in SURNAME_PARTICLES)
        ):
            return True  # "Le Pen" of "Marine Le Pen", "Van Hollen" of "Chris Van Hollen"
        return (
            cwords[0].lower() == words[0].lower()
            or cwords[0][0].lower() == words[0][0].lower() == words[0].lower()
        )

    def _candidates(self, words: list[str]) -> list[str]:
        if not words:
            return []
        key = _surname_key(words)
        cands = [c for c in self.by_surname.get(key, []) if self._compatible(c, words)]
        if not cands and len(words) == 1:
            cands = self.by_first.get(key, [])
        return cands

    def _lookup(self, words: list[str]) -> str | None:
        cands = self._candidates(words)
        if not cands:
            return None
        return max(cands, key=len) if len(cands) == 1 else self._most_salient(cands)

    def _most_salient(self, cands: list[str]) -> str | None:
        for _, who, _, _ in reversed(getattr(self, "_salience", [])):
            if who in cands:
                return who
        return None

    def _former_title(self, ent: Span) -> bool:
        """Whether a name is written with a title its holder has left ("former President
        Bill Clinton", "ex-Gov. Rick Perry", "Christine Todd Whitman, the former governor")."""
        if any(
            child.dep_ == "appos" and any(t.lower_ in ("former", "ex") for t in child.subtree)
            for child in ent.root.children
        ):
            return True
        i = ent.start - 1
        while i >= 0 and i >= ent.start - 6:
            t = self.doc[i]
            if t.is_punct and t.text not in ("-", "."):
                return False
            if t.lower_ in ("former", "ex"):
                return True
            i -= 1
        return False

    def _roles_near(self, ent: Span) -> set[str]:  # noqa: C901
        """Title words written beside a name: before it in its noun phrase or in apposition."""
        roles = {t.lower_ for t in ent if t.lower_ in TITLE_WORDS}
        i = ent.start - 1
        root = ent.root
        while i >= 0:
            t = self.doc[i]
            if t.is_punct or t.dep_ == "det" or t.lower_ in ("'s", "’s"):
                break
            if t.head.i not in range(ent.start, ent.end) and t.head.i <= i:
                break
            roles.add(t.lower_)
            i -= 1
        for child in root.children:
            if child.dep_ == "appos":
                roles |= {
                    t.lower_
                    for t in child.subtree
                    if (t.is_alpha and not t.is_stop) or _abbreviated(t.lower_)
                }
        if root.dep_ == "appos":
            roles |= {t.lower_ for t in root.head.subtree if t.is_alpha and not t.is_stop and t.i < ent.start}
        # "Florida Sen. Marco Rubio", "Sen. Marco Rubio (R-Fla.)": later "the Florida senator"
        roles |= {_ROLE_ABBREVIATIONS[r.rstrip(".")] for r in roles if _abbreviated(r)}
        return {r for r in roles if r not in _IGNORED_MODIFIERS}

    def _roles_of_a_body(self, ent: Span) -> set[str]:
        """Title nouns in apposition that say whose title it is ("president of the Brady
        Campaign", "the group's president")."""
        out: set[str] = set()
        for child in ent.root.children:
            if child.dep_ != "appos":
                continue
            for c in child.children:
                body = next((g for g in c.children if g.dep_ == "pobj"), None) if c.lower_ == "of" else c
                if (c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of")) and (
                    body is not None and body.ent_type_ not in ("GPE", "LOC", "NORP")
                ):
                    # "of the Brady Campaign", "the group's"; not "governor of New Jersey"
                    out.add(child.lower_)
        return out

    def _estimate_gender(self) -> None:
        """Count he/she around sentences that name exactly one person (outside quotes)."""
        sents = list(self.doc.sents)
        bounds = [(sent.start, sent.end) for sent in sents]
        for k, (start, end) in enumerate(bounds):
            persons = {
                self._ent_person[i]
                for i in range(start, end)
                if i in self._ent_person and self.in_quote[i] < 0
            }
            if len(persons) != 1:
                continue
            person = self.people[persons.pop()]
            window = self.toks[start:end]
            if k + 1 < len(bounds) and not any(i in self._ent_person for i in range(*bounds[k + 1])):
                window += self.toks[bounds[k + 1][0] : bounds[k + 1][1]]
            for t in window:
                # Only subject pronouns: "his wife, Anna Berg," says nothing about Anna Berg.
                if self.in_quote[t.i] >= 0 or t.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                if t.lower_ in MALE:
                    person.male += 1
                elif t.lower_ in FEMALE:
                    person.female += 1
        for person in self.people.values():
            if person.gender is None:
                if person.male >= 2 and person.male >= 3 * person.female:
                    person.gender = "m"
                elif person.female >= 2 and person.female >= 3 * person.male:
                    person.gender = "f"

    # -- salience ---------------------------------------------------------------------------
    def _build_salience(self) -> None:
        """Person and group mentions outside quotes, in order; subjects are marked."""
        for tok in self.toks:
            if self.in_quote[tok.i] >= 0:
                continue
            is_subj = tok.dep_ in ("nsubj", "nsubjpass") and tok.i not in self.embedded
            if tok.i in self._ambiguous and tok.i not in self._ent_person:
                start, end, cands = self._ambiguous[tok.i]
                # A bare surname keeps meaning whom it meant before ("Lazar" stays the hacker
                # after "his wife, Gabriela Violeta Lazar"); else the most salient candidate.
                form = self.doc[start:end].text
                honorific = self.doc[start - 1].lower_ if start > 0 else ""
                if honorific in HONORIFIC_GENDER:  # "Mrs. Clinton" is not Bill Clinton
                    g = HONORIFIC_GENDER[honorific]
                    fitting = [c for c in cands if self.people[c].gender in (None, g)]
                    # Weak pronoun evidence still separates namesakes: she/he counts lean one way.
                    sign = 1 if g == "f" else -1
                    lean = {c: (self.people[c].female - self.people[c].male) * sign for c in fitting}
                    if lean and max(lean.values()) > 0:
                        fitting = [c for c in fitting if lean[c] == max(lean.values())]
                    cands = fitting or cands
                    form = f"{honorific} {form}"
                if len(cands) == 1:
                    chosen: str | None = cands[0]
                elif self._bare.get(form) in cands:
                    chosen = self._bare.get(form)
                else:
                    chosen = self._most_salient(cands)
                if chosen is not None:
                    self._bare[form] = chosen
                if chosen is not None:
                    for i in range(start, end):
                        self._ent_person[i] = chosen
            if tok.i in self._ent_person:
                if tok.ent_iob_ == "B" and (
                    tok.i + 1 >= len(self.doc) or self.doc[tok.i + 1].ent_iob_ != "I"
                ):
                    self._bare.setdefault(tok.text, self._ent_person[tok.i])
                ent_root = (
                    tok.ent_iob_ != "I" or tok.i + 1 >= len(self.doc) or self.doc[tok.i + 1].ent_iob_ != "I"
                )
                if not ent_root:
                    continue
                head_subj = is_subj or (
                    tok.head.dep_ in ("nsubj", "nsubjpass")
                    and tok.dep_ in ("compound", "flat")
                    and tok.i not in self.embedded
                )
                self._salience.append((tok.i, self._ent_person[tok.i], head_subj, False))
            elif is_subj:
                res = self.resolve(tok)
                if res.name and res.via != "writing":  # "his remarks": the topic stays as it was
                    self._salience.append((tok.i, res.name, True, res.is_group))
                elif tok.pos_ == "PROPN" and tok.ent_type_ in ("", "PERSON"):
                    # A name the entity recogniser missed: it still takes the topic, so a
                    # pronoun after it must not jump back to an earlier person.
                    self._salience.append((tok.i, "", True, False))

    def _recent(self, before: int) -> list[tuple[int, str, bool, bool]]:
        idx = bisect_left(self._salience, (before, "", False, False))
        return self._salience[:idx][::-1]

    # -- resolution -------------------------------------------------------------------------
    def mention_span(self, head: Token, full: bool = False) -> tuple[int, int]:
        """Token range [start, end) of the noun phrase a subject head stands for.

        ``full`` keeps appositions ("Frank Luntz, a Republican pollster,") and restrictive relative
        clauses ("people who have battled online threats", "those surveyed", "some of the
        candidates": they say who is meant) but not a relative clause after a comma, as a reader
        quoting the attribution would (and as PolNeAR marks sources); without it the phrase stops
        at the name or title, which is what resolution and group names need.
        """
        if head.lower_ in RELATIVE or (
            head.pos_ == "PRON"
            and not (full and head.lower_ in QUANTIFIER_PRONOUNS)
            # "She and her aides", "They and their supporters"
            and not (full and any(c.dep_ == "conj" for c in head.rights))
        ):
            return head.i, head.i + 1
        start = head.left_edge.i
        end = head.i + 1
        keep = _NP_RIGHT | _NP_EXTRA if full else _NP_RIGHT
        for child in head.rights:
            restrictive = (
                full
                and child.dep_ == "relcl"
                and child.left_edge.i > 0
                and (
                    not self.doc[child.left_edge.i - 1].is_punct
                    # "Dorothy Poynter, who grew up with Ali,": who the speaker is, as PolNeAR
                    # marks sources
                    or (
                        self.doc[child.left_edge.i - 1].text == ","
                        and child.left_edge.lower_ in ("who", "whose")
                        # "Graham, who says ...": a report of its own, not who Graham is
                        and not is_quote_cue(child.lemma_)
                        and not is_clause_cue(child.lemma_)
                    )
                )
                and self.in_quote[child.i] < 0
                and not any(self.in_quote[t.i] >= 0 for t in child.subtree)
            )
            if child.dep_ == "acl" and naming_verb_as_main(child, self.in_quote) is not None:
                break  # "One lawmaker called Trump "…"": the misparsed main verb, and all after it
            if (
                full
                and child.left_edge.i > 0
                and (
                    self.doc[child.left_edge.i - 1].text == ","
                    or (self.doc[child.left_edge.i - 1].text in DATELINE_DASHES and child.left_edge == child)
                )
                and child.dep_ in ("acl", "amod", "relcl")
                and child.tag_ in ("VBG", "VBN", "JJ")
            ):
                # "Clinton, clearly frustrated,", "Comey, speaking to reporters,", "The minister —
                # speaking after a cabinet meeting —": a comment on the speaker set off by a comma
                # or a dash, not who the speaker is.
                continue
            if (
                full
                and child.dep_ == "prep"
                and all(c.ent_type_ in ("DATE", "TIME") for c in child.children if c.dep_ == "pobj")
                and any(c.dep_ == "pobj" for c in child.children)
            ):
                continue  # "Trump on Tuesday": when, not who
            if full and child.dep_ == "npadvmod" and child.ent_type_ in ("DATE", "TIME"):
                continue  # "Broaddrick Sunday night": when, not who
            if (
                full
                and child.dep_ == "prep"
                and child.lower_ in ("in", "on")
                and any(c.dep_ == "pobj" and c.lemma_.lower() in WRITINGS for c in child.children)
            ):
                continue  # "Jeb Bush in a Medium post": where it was said, not who
            if child.dep_ == "punct":
                continue  # a comma counts only before what is kept after it
            if child.dep_ == "acl" and child.tag_ == "VBG" and is_quote_cue(child.lemma_):
                continue  # "staff members suggesting ...": the report, not who speaks
            if child.dep_ in keep or restrictive:
                end = max(end, child.right_edge.i + 1)
        if full:
            while end - 1 > head.i and (self.doc[end - 1].is_punct or self.doc[end - 1].is_space):
                end -= 1
        # "co-host Mika Brzezinski": the tokenizer splits a hyphenated word the parse then leaves
        # out; a mention starts at the word, not inside it.
        while (
            start >= 2
            and self.doc[start - 1].text == "-"
            and not self.doc[start - 1].whitespace_
            and not self.doc[start - 2].whitespace_
            and self.doc[start - 2].is_alpha
        ):
            start -= 2
        # Nor a quotation the parse hung on the speaker ('“…,” Sarandon, 69, told MSNBC').
        for i in range(head.i - 1, start - 1, -1):
            if self.in_quote[i] >= 0:
                start = i + 1
                break
        # A mention never crosses a line break (a parse joining a headline to the body).
        for i in range(head.i - 1, start - 1, -1):
            if "\n" in self.doc[i].text_with_ws:
                start = i + 1
                break
        for i in range(head.i, end):
            if "\n" in self.doc[i].text_with_ws:
                end = i + 1
                break
        # "WASHINGTON — Sen. Chuck Grassley", "New York (AFP) – Vice President Joe Biden": the
        # dateline before a dash is where the story was filed, not who speaks.
        for i in range(head.i - 1, start, -1):
            if self.doc[i].text in ("\u2014", "\u2013", "--", "-") and self.doc[i].whitespace_:
                if all(t.is_punct or t.is_upper or t.pos_ == "PROPN" for t in self.doc[start:i]):
                    start = i + 1
                break
        else:
            # "MOSCOW (Reuters) - Russian President Vladimir Putin said": the parse may make the
            # dateline the head and the speaker its apposition; the mention is still the speaker.
            dash = next(
                (i for i in range(head.i + 1, end - 1) if self.doc[i].text in DATELINE_DASHES and self.doc[i].whitespace_),
                None,
            )
            if dash is not None and is_dateline(self.doc[start:dash]):
                start = dash + 1
        # Never start a mention with punctuation or a conjunction left over from the parse, nor
        # with the reporter's "even" ("even critics say").
        while start < head.i and (
            self.doc[start].is_punct
            or self.doc[start].dep_ in ("cc", "prep", "mark")
            or (full and self.doc[start].lower_ in ("even", "also"))
        ):
            start += 1
        while end - 1 > head.i and self.doc[end - 1].is_punct:
            if self.doc[end - 1].text == ")" and any(t.text == "(" for t in self.doc[start : end - 1]):
                break  # "Sen. Chuck Grassley (R-Iowa)": the closing bracket belongs to the name
            end -= 1
        span_text = [t.text for t in self.doc[start:end]]
        if end < len(self.doc) and self.doc[end].text == ")" and span_text.count("(") > span_text.count(")"):
            end += 1
        return start, end

    def resolve(self, head: Token) -> Resolution:
        """Who the noun phrase headed by ``head`` refers to."""
        cached = self._cache.get(head.i)
        if cached is not None:
            return cached
        res = self._resolve(head)
        self._cache[head.i] = res
        return res

    def _resolve(self, head: Token) -> Resolution:
        low = head.lower_
        if low in RELATIVE and head.dep_ in ("nsubj", "nsubjpass"):
            verb = head.head
            if low == "which" and (verb.head.i in self._ent_person or verb.head.ent_type_ == "PERSON"):
                # "Cook told Benioff, which meant ...": "which" is what happened, never a person
                return Resolution()
            if verb.dep_ == "relcl" and verb.head.i != verb.i:
                return self.resolve(verb.head)
            return Resolution()
        if low in FIRST_SECOND:
            return self._transcript_speaker(head) if low == "i" else Resolution()
        if low in MALE or low in FEMALE:
            return self._pronoun(head, "m" if low in MALE else "f")
        if self._age_epithet(head):
            return self._epithet(head)
        if low in ("they", "them", "it"):
            # "they"/"it" speak for the latest group or organisation subject, never a person.
            for _, who, is_subject, is_group in self._recent(head.i):
                if is_group and is_subject:
                    return Resolution(who, 0.5, "pronoun", True)
            return Resolution()
        named_before = {
            self._ent_person[t.i]
            for t in self.doc[head.left_edge.i : head.i + 1]
            if t.i in self._ent_person and self.in_quote[t.i] < 0
        }
        if len(named_before) > 1 and any(
            t.dep_ == "cc" and t.lower_ in ("and", "&") for t in self.doc[head.left_edge.i : head.i]
        ):
            # "British Prime Minister Keir Starmer and French President Emmanuel Macron said",
            # parsed with the first name hung on the second: both speak, a group
            start, end = self.mention_span(head)
            return Resolution(self.doc[start:end].text, 0.8, "group", True)
        partners = [c for c in head.rights if c.dep_ == "conj" and self._another_speaker(c)]
        if partners and (head.pos_ == "PROPN" or head.i in self._ent_person):
            # "Donald Trump and Hillary Clinton both said", "Mr. Rubio and his advisers": several
            # speak together, a group, not the first one named
            start = self.mention_span(head)[0]
            end = self.mention_span(partners[-1])[1]
            return Resolution(self.doc[start:end].text, 0.8, "group", True)
        start, end = self.mention_span(head)
        span = self.doc[start:end]
        # A person named in the phrase, at its head or as the head's name.
        # "The three scholars - Mr. Tribe, Ms. Epstein and Mr. Amar -": a plural noun names a
        # group, whoever its apposition lists first
        plural = head.tag_ == "NNS" and head.pos_ == "NOUN" and head.i not in self._ent_person
        person = None if plural else self._person_in(span, head)
        if person is None and head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON"):
            person = self._lookup([head.text])  # a surname the recogniser missed here
        elif (
            person is None
            and head.text[:1].isupper()
            and head.text.lower() in self.by_surname
            and (head.pos_ == "PROPN" or (head.ent_type_ in ("", "ORG") and head.dep_ in ("nsubj", "nsubjpass")))
            and (
                head.ent_iob_ != "I" and (head.i + 1 >= len(self.doc) or self.doc[head.i + 1].ent_iob_ != "I")
            )
        ):
            # '"…," Ramos said' read as an organisation (and "Trump said" as a common noun that
            # names one), '"…," Trump shot back' with "Trump" read as a verb, and "Donald Trump" or "Jorge Ramos" named in the article: a lone
            # capitalised word that is a person's surname here is that person
            person = self._lookup([head.text])
        if person is None and head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON") and head.i >= 1:
            # "Cecile Richards: ..." with the name untagged and named nowhere else: a common
            # first name before the surname says it is a person
            name = self.doc[head.i - 1 : head.i + 1]
            if (
                self.doc[head.i - 1].pos_ == "PROPN"
                and looks_like_person(name)
                and head.lower_ not in self._lower_words  # "Former Clinton Pollster"
            ):
                return Resolution(name.text, 0.8, "name")
        if person is not None:
            words = person.split()
            full = " ".join(w.lower() for w in words) in span.text.lower()
            ambiguous = len(self.by_surname.get(_surname_key(words), [])) > 1 and not full
            return Resolution(person, 0.6 if ambiguous else (0.95 if full else 0.9), "name")
        if head.lemma_.lower() in WRITINGS and head.ent_type_ not in ("ORG", "PERSON"):
            # "Trump's tweet said", "Palin's posts about ISIS suggested": whose writing it is
            # speaks through it; a writing of no one named is a source with no speaker
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            if owner is not None and owner.lower_ not in FIRST_SECOND:
                res = self.resolve(owner)
                if res.name is not None:
                    return Resolution(res.name, min(res.confidence, 0.7), "writing", res.is_group)
            if (
                owner is None
                and any(c.lower_ == "the" for c in head.children)
                # "the Rove ad" names its owner itself
                and not any(
                    c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN" for c in head.children
                )
            ):
                return self._issued_earlier(head)
            return Resolution()
        if head.lemma_.lower() in DOCUMENT_NOUNS and head.ent_type_ not in ("ORG", "PERSON"):
            return Resolution()  # "the poll found", "according to studies": a source, no speaker
        if (
            head.tag_ in ("NNS", "NNPS")
            or head.ent_type_ in ("ORG", "NORP", "GPE")
            or (any(t.ent_type_ == "ORG" for t in span) and head.pos_ == "PROPN")
        ):
            if head.ent_type_ in ("GPE",) and head.tag_ not in ("NNS", "NNPS"):
                return Resolution(span.text, 0.6, "group", True)
            return Resolution(span.text, 0.8, "group", True)
        if head.pos_ == "NOUN":
            role = self._role(span, head)
            if role.name is None and head.lemma_.lower() in INSTITUTION_NOUNS:
                # "The city council said ...": the body speaks, named as the report names it.
                return Resolution(span.text, 0.6, "group", True)
            return role
        return Resolution()

    def _epithet(self, head: Token) -> Resolution:
        """ "the 64-year-old said": the person subject just before, when no other subject came
        between ("the Slovenia-born former model ... said the 46-year-old" is not her husband)."""
        for i, who, is_subject, is_group in self._recent(head.i):
            if not is_subject:
                continue
            if is_group or not who:
                return Resolution()
            between = self.doc[i + 1 : head.i]
            if any(
                t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and self.in_quote[t.i] < 0
                for t in between
            ):
                return Resolution()
            return Resolution(who, 0.7, "role")
        return Resolution()

    @staticmethod
    def _age_epithet(head: Token) -> bool:
        """ "the 64-year-old" (tokenised "64 - year - old", headed by "old")."""
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return False
        if _AGE_EPITHET.fullmatch(head.lower_):
            return True
        return head.lower_ == "old" and any(
            c.lower_ in ("year", "years") and any(g.like_num for g in c.children) for c in head.children
        )

    def _another_speaker(self, conj: Token) -> bool:
        """Whether a conjunct of a speaker's name is someone else: a name, a pronoun, or whose
        someone is ("his advisers"); not a second description of the same person ("Steve Bell,
        senior director ..., and a Republican who ...")."""
        if self.in_quote[conj.i] >= 0 or any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in conj.children
        ):
            return False
        if any(c.dep_ == "case" for c in conj.children) or not any(
            t.dep_ in ("cc", "preconj") for t in conj.head.subtree
        ):
            # "Mayer, Disney's chairman of ...": an apposition the parse read as a conjunct,
            # with no "and" to join two speakers
            return False
        if conj.pos_ == "PROPN" or conj.i in self._ent_person or conj.pos_ == "PRON":
            return True
        return conj.pos_ == "NOUN" and any(c.dep_ == "poss" for c in conj.children)

    def _person_in(self, span: Span, head: Token) -> str | None:
        if head.i in self._ent_person:
            return self._ent_person[head.i]
        for t in span:
            if (
                t.i in self._ent_person
                and (t.head.i == head.i or t.i == head.i)
                and t.dep_ in ("compound", "flat", "appos")
                # "a Clinton aide", "the Trump campaign": a name modifying a common noun says
                # whose the speaker is, not who
                and not (t.dep_ == "compound" and head.pos_ == "NOUN" and t.i < head.i)
            ):
                return self._ent_person[t.i]
        for child in head.children:
            if child.dep_ == "appos" and child.i in self._ent_person:
                return self._ent_person[child.i]
        return None

    def _role(self, span: Span, head: Token) -> Resolution:
        noun = head.lemma_.lower()
        if noun not in ROLE_NOUNS:
            return Resolution()
        mods = {t.lower_ for t in span if t.i != head.i and t.is_alpha and not t.is_stop} - _IGNORED_MODIFIERS
        matches = []
        for person in self.people.values():
            titles = person.roles
            if not titles:
                continue
            head_ok = noun in titles or (noun == "leader" and bool(titles & LEADER_TITLES))
            if head_ok and mods <= titles:
                matches.append(person.canonical)
        if len(matches) > 1 and not any(t.lower_ in ("former", "ex") for t in span):
            # "the president" after "President Barack Obama met former President Bill Clinton":
            # a title without "former" is the one who holds it now
            current = [m for m in matches if m not in self._former]
            if current:
                matches = current
        if len(matches) > 1 and not mods:
            # "the president" with "President Barack Obama" and "Dan Gross, president of the
            # Brady Campaign" named: the one who holds the title outright
            plain = [m for m in matches if noun in self.people[m].plain_roles]
            if plain:
                matches = plain
        if len(matches) == 1:
            return Resolution(matches[0], 0.75, "role")
        if matches:
            recent = self._most_salient(matches)
            if recent is not None and mods:
                return Resolution(recent, 0.5, "role")
        return Resolution()

    def _pronoun(self, head: Token, gender: str) -> Resolution:
        others: list[str] = []
        for _, who, is_subject, is_group in self._recent(head.i):
            if is_group:
                continue
            if not who:
                if is_subject:
                    return Resolution()  # the topic is a name we could not identify
                continue
            person = self.people.get(who)
            if person is not None and person.gender not in (None, gender):
                continue
            if is_subject:
                rivals = {o for o in others if o != who}
                return Resolution(who, 0.55 if rivals else 0.8, "pronoun")
            others.append(who)
        if others:
            return Resolution(others[0], 0.45, "pronoun")
        return Resolution()
