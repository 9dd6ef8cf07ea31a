"""People, organisations and places named in an article, grouped and given cross-article ids.

spaCy's small English model finds the names; this module decides which names are the same
thing. Within an article "Slovak Prime Minister Robert Fico" and "Fico" are one person, and "the
Russian leader" is Putin when the article called him "Russian President Vladimir Putin". Across
articles the same person must get the same :attr:`Entity.id`, so ids are derived from a
canonical identity (``person:vladimir-putin``) found through a curated alias table
(``data/aliases.tsv``: Zelensky/Zelenskyy/Zelenskiy, Kiev/Kyiv, EU/European Union, ...) and
normalisation rules (diacritics, transliteration endings, titles, initials).

Two people who share only a surname are never given the same id on that evidence alone: a
person known to us only as "Mr. Lee" gets an article-local id and a low confidence, and the
store decides later with :func:`link_across`, which weighs roles, countries and co-occurring
entities and declines to pick when the evidence is split.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .person_names import looks_like_person
from .types import Entity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

logger = logging.getLogger(__name__)

__all__ = [
    "AliasEntry",
    "AliasTable",
    "canonical_key",
    "default_table",
    "find_entities",
    "link_across",
    "normalize_name",
    "strip_titles",
]

# spaCy labels we keep, and the entity type each suggests before the alias table has its say.
LABEL_TYPES: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}


def _wordset(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (easier to keep sorted by eye)."""
    return frozenset(words.split())


# Words that make up an office in front of a name ("Prime Minister", "Foreign Minister").
TITLE_WORDS = _wordset(
    """president prime minister premier chancellor secretary general foreign defence defense
    interior finance health justice state deputy vice chief executive king queen prince princess
    emperor crown sheikh emir pope ayatollah supreme leader speaker senator representative
    governor mayor ambassador envoy spokesman spokeswoman spokesperson commander admiral colonel
    lieutenant captain sergeant major director chairman chairwoman chair attorney judge justice
    cardinal archbishop bishop rabbi imam minority majority whip congressman congresswoman
    councillor councilman commissioner high representative special adviser advisor sen rep gov gen
    pres lt col capt sgt adm atty amb cmdr"""
)
# Courtesy titles: stripped from names but not an office.
HONORIFICS = _wordset("mr mrs ms miss dr sir dame prof professor rev reverend hon lord lady mx")
TITLE_MODIFIERS = _wordset("former then acting interim incoming outgoing late")
TITLE_EXPANSIONS = {
    "sen": "Senator",
    "rep": "Representative",
    "gov": "Governor",
    "gen": "General",
    "pres": "President",
    "lt": "Lieutenant",
    "col": "Colonel",
    "capt": "Captain",
    "sgt": "Sergeant",
    "adm": "Admiral",
    "atty": "Attorney",
    "amb": "Ambassador",
    "cmdr": "Commander",
}
# "the Russian leader" may stand for whoever holds one of these offices.
LEADER_TITLES = _wordset("president prime minister premier chancellor king queen emir supreme leader")
# Lemmas of speech and cognition verbs: a capital as their subject is its government.
SPEECH_COGNITION = _wordset(
    """say tell state announce claim insist warn deny accuse argue believe think view see consider
    regard want seek demand reject refuse urge call hope fear expect welcome condemn criticize
    criticise threaten vow pledge promise respond reply signal indicate suggest maintain stress
    reiterate note add agree oppose support plan intend decide acknowledge admit confirm blame
    dismiss insist propose offer request ask protest push press retaliate respond sanction accuse
    recognize recognise"""
)

_TRANSLATE = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "ß": "ss",
        "þ": "th",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "–": "-",
        "—": "-",
    }
)
_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_SURNAME_CONFIDENCE = 0.4
# Verbs that headlines capitalise right after a name ("Obama Says ...").
HEADLINE_VERBS = _wordset(
    """says said calls urges warns vows slams blasts hits rips claims denies backs plans wants seeks
    tells asks admits defends attacks accuses praises rejects insists"""
)
_GENDERED = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m", "lady": "f"}
# Generational suffixes, which are no surname ("Harry B. Harris Jr." is a Harris).
NAME_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])


# ---------------------------------------------------------------------------------------------
# Normalisation


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Case, compatibility forms and diacritics folded away; any script survives (never raises)."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _translit_word(word: str) -> str:
    """One spelling for the common romanisation variants (Zelenskiy/Zelenskyy/Zelensky, Sergei/Sergey)."""
    if not word.isascii() or len(word) < 3:
        return word
    word = re.sub(r"(?:iy|yy|yi|ij|ii)$", "y", word)
    word = re.sub(r"ei$", "ey", word)
    return re.sub(r"([^aeiouy])i$", r"\1y", word)


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """The comparison form of a name: folded, punctuation-free, romanisation endings unified.

    Used for every lookup, so "ZELENSKIY", "Zelenskyy" and "Zelensky" compare equal, and
    "U.S." equals "US". Text in other scripts is folded but otherwise kept.
    """
    text = _fold(name).strip()
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"^the\s+", "", text)
    text = text.replace(".", " ").replace("-", " ").replace("'", "")
    words = [_translit_word(w) for w in re.findall(r"\w+", text)]
    return " ".join(words)


def _slug(name: str) -> str:
    """An id-safe form of a canonical name; falls back to a hash for names of symbols only."""
    slug = re.sub(r"[^\w]+", "-", normalize_name(name)).strip("-")
    return slug or hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def _is_office_word(word: str) -> bool:
    return word[:1].isupper() and _fold(word).strip(".") in TITLE_WORDS


def _is_title_word(word: str) -> bool:
    w = _fold(word).strip(".")
    return w in TITLE_WORDS or w in HONORIFICS or w in TITLE_MODIFIERS


def strip_titles(name: str, table: AliasTable | None = None) -> str:
    """The name without offices, courtesy titles or nationality in front.

    "Russian President Vladimir Putin" -> "Vladimir Putin", "Mr. Lee" -> "Lee", "Sen. Ted Cruz"
    -> "Ted Cruz". The last word is always kept, so a bare title stays as it is.
    """
    table = table or default_table()
    words = name.split()
    while len(words) > 1:
        first = words[0]
        bare = _POSSESSIVE.sub("", first.replace("’", "'"))
        if (
            _fold(first) in ("the", "of")
            or _is_title_word(first)
            or table.country_of_modifier(bare) is not None
        ):
            words = words[1:]
            continue
        if len(words) > 2 and table.country_of_modifier(f"{words[0]} {words[1]}") is not None:
            words = words[2:]
            continue
        break
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# The alias table


@dataclass(slots=True)
class AliasEntry:
    """One canonical identity of the alias table."""

    type: str
    canonical: str
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def country(self) -> str | None:
        """The country a city, office-holder or national body belongs to (a country is its own)."""
        if self.type == "place" and "code" in self.attrs:
            return self.canonical
        return self.attrs.get("country")

    @property
    def demonyms(self) -> list[str]:
        return [d for d in self.attrs.get("demonym", "").split("|") if d]

    @property
    def role(self) -> str | None:
        return self.attrs.get("role")

    @property
    def is_country(self) -> bool:
        return self.type == "place" and "code" in self.attrs

    def country_phrase(self) -> str:
        """The country as it reads after "of": "the United States", "Russia"."""
        return f"the {self.canonical}" if self.attrs.get("article") == "the" else self.canonical


class AliasTable:
    """Name variants mapped to canonical identities, with country facts for roles and metonyms.

    Loaded from the packaged ``data/aliases.tsv``; :meth:`add` takes user-added aliases (the
    store persists those and replays them). Lookups go through :func:`normalize_name`.
    """

    def __init__(self, entries: Iterable[AliasEntry] = ()) -> None:
        self._entries: list[AliasEntry] = []
        self._by_key: dict[str, list[AliasEntry]] = {}
        self._modifiers: dict[str, AliasEntry] = {}
        self._capitals: dict[str, AliasEntry] = {}
        self._lock = threading.Lock()
        for entry in entries:
            self._insert(entry)

    # -- building

    @classmethod
    def load(cls, path: str | Path | None = None) -> AliasTable:
        """The packaged table, or one read from ``path`` in the same TSV layout."""
        try:
            if path is None:
                text = resources.files("quotetrail").joinpath("data/aliases.tsv").read_text(encoding="utf-8")
            else:
                text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read alias table {path or 'data/aliases.tsv'}: {exc}") from exc
        return cls(cls._parse(text, str(path or "data/aliases.tsv")))

    @staticmethod
    def _parse(text: str, where: str) -> list[AliasEntry]:
        entries = []
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2 or not cols[0] or not cols[1]:
                raise ConfigError(f"{where}:{lineno}: want 'type<TAB>canonical<TAB>aliases<TAB>attrs'")
            cols += [""] * (4 - len(cols))
            attrs: dict[str, str] = {}
            for item in filter(None, cols[3].split(";")):
                key, sep, value = item.partition("=")
                if not sep:
                    raise ConfigError(f"{where}:{lineno}: attribute {item!r} is not key=value")
                attrs[key.strip()] = value.strip()
            aliases = [a.strip() for a in cols[2].split("|") if a.strip()]
            entries.append(AliasEntry(cols[0].strip(), cols[1].strip(), aliases, attrs))
        return entries

    def _insert(self, entry: AliasEntry) -> None:
        self._entries.append(entry)
        for name in [entry.canonical, *entry.aliases]:
            self._index(name, entry)
        if entry.is_country:
            for word in [*entry.demonyms, entry.canonical, *entry.aliases, entry.attrs.get("code", "")]:
                if word:
                    self._modifiers.setdefault(normalize_name(word), entry)
            capital = entry.attrs.get("capital")
            if capital:
                self._capitals[normalize_name(capital)] = entry

    def _index(self, name: str, entry: AliasEntry) -> None:
        key = normalize_name(name)
        if not key:
            return
        bucket = self._by_key.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def add(self, alias: str, canonical: str, type: str | None = None) -> AliasEntry:
        """Record that ``alias`` names ``canonical``; creates the identity when it is new.

        ``type`` picks among identities sharing a canonical name and is required for a new one.
        """
        with self._lock:
            known = [e for e in self._by_key.get(normalize_name(canonical), []) if e.canonical == canonical]
            if type is not None:
                known = [e for e in known if e.type == type]
            if known:
                entry = known[0]
                if alias not in entry.aliases:
                    entry.aliases.append(alias)
                self._index(alias, entry)
                return entry
            if type is None:
                raise ConfigError(f"alias {alias!r}: {canonical!r} is not known; give its type")
            entry = AliasEntry(type, canonical, [alias], {})
            self._insert(entry)
            return entry

    # -- queries

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, name: str, type: str | None = None) -> list[AliasEntry]:
        """Every identity ``name`` may stand for (titles stripped), optionally of one type."""
        hits = self._by_key.get(normalize_name(name), [])
        if not hits:
            stripped = strip_titles(name, self)
            if stripped != name:
                hits = self._by_key.get(normalize_name(stripped), [])
        if not hits:
            hits = self._by_initial(strip_titles(name, self))
        return [e for e in hits if type is None or e.type == type]

    def _by_initial(self, name: str) -> list[AliasEntry]:
        """ "J. Biden" -> Joe Biden: an initial plus a surname, when exactly one person fits."""
        m = re.fullmatch(r"(\w)\.?\s+(\w[\w'-]+)", name.strip())
        if not m:
            return []
        initial, surname = _fold(m.group(1)), normalize_name(m.group(2))
        found = []
        for entry in self._by_key.get(surname, []):
            first = normalize_name(entry.canonical).split()[0]
            if entry.type == "person" and first.startswith(initial):
                found.append(entry)
        return found if len(found) == 1 else []

    def resolve(
        self, name: str, type: str | None = None, *, context_countries: Iterable[str] = ()
    ) -> tuple[AliasEntry | None, float]:
        """The one identity ``name`` stands for, with a confidence; (None, 0) when unknown.

        When several identities share the name ("Georgia", "Congress"), the one belonging to a
        country in ``context_countries`` (outlet country, countries the article names) wins;
        otherwise the first is returned at a confidence that shows the doubt.
        """
        hits = self.lookup(name, type)
        if not hits:
            return None, 0.0
        if len(hits) == 1:
            return hits[0], 1.0
        wanted = {normalize_name(c) for c in context_countries if c}
        preferred = [e for e in hits if e.country and normalize_name(e.country) in wanted]
        if len(preferred) == 1:
            return preferred[0], 0.8
        return hits[0], round(1.0 / len(hits), 3)

    def country_of_modifier(self, word: str) -> AliasEntry | None:
        """The country a nationality word or country name in front of a title names ("Slovak")."""
        return self._modifiers.get(normalize_name(word))

    def country(self, name: str) -> AliasEntry | None:
        """The country entry for a country name, code or alias ("US", "Russia")."""
        entry = self._modifiers.get(normalize_name(name))
        return entry if entry is not None and entry.is_country else None

    def capital_of(self, name: str) -> AliasEntry | None:
        """The country whose capital ``name`` is ("Moscow" -> Russia), else None."""
        found = self._capitals.get(normalize_name(name))
        if found is None:  # a variant spelling of a capital ("Kiev")
            for entry in self.lookup(name, "place"):
                found = found or self._capitals.get(normalize_name(entry.canonical))
        return found

    def is_demonym(self, word: str) -> bool:
        """True for a nationality adjective ("Russian"), not for a country name."""
        entry = self._modifiers.get(normalize_name(word))
        return (
            entry is not None
            and normalize_name(word) in {normalize_name(d) for d in entry.demonyms}
            and (normalize_name(word) != normalize_name(entry.canonical))
        )


_default: AliasTable | None = None
_default_lock = threading.Lock()


def default_table() -> AliasTable:
    """The packaged alias table, loaded once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = AliasTable.load()
        return _default


def canonical_key(name: str, type: str, table: AliasTable | None = None) -> str:
    """The cross-article id of a name: ``type:slug`` of its canonical form.

    The alias table maps known variants to one canonical name; otherwise the name itself with
    titles stripped and spelling normalised is the identity.
    """
    table = table or default_table()
    entry, _ = table.resolve(name, type)
    canonical = entry.canonical if entry else strip_titles(name, table)
    return f"{type}:{_slug(canonical)}"


# ---------------------------------------------------------------------------------------------
# Within one article


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    core: str  # the name without titles
    label: str
    type: str
    head: Token | None = None
    role: str | None = None
    honorific: str | None = None  # "m" after Mr., "f" after Mrs./Ms./Miss: rules out namesakes


@dataclass(slots=True)
class _Cluster:
    type: str
    name: str
    entry: AliasEntry | None = None
    confidence: float = 1.0
    local: bool = False  # identity known only within this article (surname alone)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    first: int = 0
    forms: set[str] = field(default_factory=set)  # surface names seen, for finding missed mentions
    genders: set[str] = field(default_factory=set)

    def add(self, start: int, end: int, surface: str | None = None) -> None:
        if (start, end) not in self.mentions:
            self.mentions.append((start, end))
        if surface:
            self.forms.add(surface)
        if surface and normalize_name(surface) != normalize_name(self.name) and surface not in self.aliases:
            self.aliases.append(surface)


def _trim(span: SpacySpan) -> tuple[int, int] | None:
    """Token bounds of an entity without a leading "the" or trailing possessive/punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    if start >= end or not any(ch.isalpha() for ch in doc[start:end].text):
        return None
    return start, end


def _title_prefix(doc: Doc, start: int, table: AliasTable) -> tuple[int, str | None, str | None]:
    """Extend a person's mention left over "Slovak Prime Minister"; return new start and role.

    Only capitalised title words and a country word or possessive in front of them count, so
    "said Putin" or "the campaign manager" are left alone.
    """
    i = start
    titles: list[str] = []
    country: AliasEntry | None = None
    honorific = None
    while i > 0:
        tok = doc[i - 1]
        word = tok.text
        bare = _fold(word).strip(".")
        if word[:1].isupper() and bare in _GENDERED:
            honorific = honorific or _GENDERED[bare]
        if word[:1].isupper() and (bare in TITLE_WORDS or bare in HONORIFICS):
            if bare in TITLE_WORDS:
                titles.insert(0, TITLE_EXPANSIONS.get(bare, word if not word.isupper() else word.title()))
            i -= 1
            continue
        if bare in TITLE_MODIFIERS and titles:
            i -= 1
            continue
        if tok.lower_ == "of" and titles and i > 1 and _is_office_word(doc[i - 2].text):
            titles.insert(0, "of")  # "Secretary of State"
            i -= 1
            continue
        if tok.lower_ in ("'s", "’s") and i > 1 and titles:
            owner = table.country(doc[i - 2].text)
            if owner is not None:
                country = country or owner
                i -= 2
                break
            break
        if titles and word[:1].isupper():
            entry = table.country_of_modifier(word)
            if entry is None and i > 1:
                entry = table.country_of_modifier(f"{doc[i - 2].text} {word}")
                if entry is not None:
                    country = entry
                    i -= 2
                    continue
            if entry is not None:
                country = entry
                i -= 1
                continue
        break
    role = None
    if titles:
        office = " ".join(t if t == "of" else t[:1].upper() + t[1:] for t in titles)
        role = f"{office} of {country.country_phrase()}" if country else office
    return i, role, honorific


def _is_metonym(tok: Token) -> bool:
    """A capital used as the subject of a speech or cognition verb ("Moscow views ...")."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    # A dateline ("New Delhi [India], December 4 : ...") is not a subject, whatever the parse says.
    left = tok.left_edge.i
    first_in_para = left == 0 or "\n" in tok.doc[left - 1].text_with_ws
    nxt = tok.doc[tok.i + 1].text if tok.i + 1 < len(tok.doc) else ""
    if first_in_para and nxt[:1] in ("[", "(", ",", ":", "-", "—", "–"):
        return False
    head = tok.head
    return head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in SPEECH_COGNITION


def _doc_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def find_entities(
    doc: Doc, *, outlet_country: str | None = None, table: AliasTable | None = None
) -> list[Entity]:
    """Every person, organisation and place named in ``doc``, one :class:`Entity` each.

    Mentions are character spans into ``doc.text``; a person's mention includes the office in
    front of the name ("Russian President Vladimir Putin"), which also becomes a role. Capitals
    that speak or think ("Moscow views ...") are filed under the government ("Government of
    Russia"). ``outlet_country`` (a name or ISO code) settles names that differ by country.
    """
    table = table or default_table()
    text = doc.text
    mentions = _collect(doc, text, table)
    context = _context_countries(mentions, table, outlet_country)

    clusters: dict[tuple[str, str], _Cluster] = {}

    def cluster_for(type_: str, name: str, entry: AliasEntry | None, conf: float, pos: int) -> _Cluster:
        key = (type_, normalize_name(entry.canonical if entry else name))
        found = clusters.get(key)
        if found is None:
            found = _Cluster(type_, entry.canonical if entry else name, entry, conf, first=pos)
            if entry and entry.role:
                found.roles.append(entry.role)
            if entry and entry.attrs.get("gender") in ("m", "f"):
                found.genders.add(entry.attrs["gender"])
            clusters[key] = found
        found.confidence = max(found.confidence, conf)
        return found

    persons = [m for m in mentions if m.type == "person"]
    others = [m for m in mentions if m.type != "person"]

    # Full names first, so that surnames later find them.
    surnames: dict[str, list[tuple[int, _Cluster]]] = {}
    for m in persons:
        words = m.core.split()
        if len(words) < 2:
            continue
        entry, conf = table.resolve(m.core, "person", context_countries=context)
        if entry is None:
            same = _same_person(m.core, [c for c in clusters.values() if c.type == "person"])
            cl = same or cluster_for("person", m.core, None, 1.0, m.start)
        else:
            cl = cluster_for("person", m.core, entry, conf, m.start)
        cl.add(m.start, m.end, m.core)
        if m.honorific:
            cl.genders.add(m.honorific)
        if m.role and m.role not in cl.roles:
            cl.roles.insert(0, m.role)
        for key in {_surname(cl.name), _surname(m.core)}:
            surnames.setdefault(key, []).append((m.start, cl))

    for m in persons:
        if len(m.core.split()) >= 2:
            continue
        cl = _attach_single(m, surnames, clusters, table, context, cluster_for)
        cl.add(m.start, m.end, m.core)
        if m.honorific:
            cl.genders.add(m.honorific)
        if m.role and m.role not in cl.roles:
            cl.roles.insert(0, m.role)

    for m in others:
        # Another label on the surname of someone named in this article is still that person
        # ("Nervo" tagged GPE, "Trump" tagged ORG), unless the table knows the word as such.
        if len(m.core.split()) == 1 and _surname(m.core) in surnames:
            known = table.resolve(m.core, m.type)[0]
            if known is None or m.label in ("PERSON", "NORP"):
                cl = _attach_single(m, surnames, clusters, table, context, cluster_for)
                cl.add(m.start, m.end, m.core)
                continue
        capital = table.capital_of(m.core) if m.type == "place" else None
        if capital is not None and m.head is not None and _is_metonym(m.head):
            cl = cluster_for("organization", f"Government of {capital.country_phrase()}", None, 0.8, m.start)
            cl.add(m.start, m.end, m.core)
            continue
        entry, conf = _resolve_typed(m, table, context)
        if entry is not None:
            cl = cluster_for(entry.type, m.core, entry, conf, m.start)
        else:
            cl = cluster_for(m.type, m.core, None, 0.9, m.start)
        cl.add(m.start, m.end, m.core)

    _role_anaphora(text, clusters, table)
    _acronyms(text, clusters)
    _propagate(text, clusters)

    out = []
    for cl in sorted(clusters.values(), key=lambda c: min(s for s, _ in c.mentions)):
        ident = f"{cl.type}:{_slug(cl.name)}"
        # A bare office ("President") adds nothing next to "President of Ukraine".
        roles = [r for r in dict.fromkeys(cl.roles) if not any(x.startswith(r + " of ") for x in cl.roles)]
        if cl.local:
            ident = f"{ident}~{_doc_key(text)}"
        spans = [Span.of(text, s, e) for s, e in sorted(cl.mentions)]
        out.append(
            Entity(
                id=ident,
                name=cl.name,
                type=cl.type,
                mentions=spans,
                roles=roles,
                aliases=cl.aliases,
                confidence=cl.confidence,
            )
        )
    logger.debug("%d entities in %d characters", len(out), len(text))
    return out


def _collect(doc: Doc, text: str, table: AliasTable) -> list[_Mention]:
    """Named mentions from spaCy's entities, trimmed, typed and (for persons) with their office."""
    found: list[_Mention] = []
    lower_seen = set(re.findall(r"\b[a-z]+\b", text))
    for ent in doc.ents:
        type_ = LABEL_TYPES.get(ent.label_)
        if type_ is None:
            continue
        bounds = _trim(ent)
        if bounds is None:
            continue
        start_tok, end_tok = _drop_common_edges(doc, text, *bounds, lower_seen)
        span = doc[start_tok:end_tok]
        core = span.text.strip()
        if not any(ch.isalnum() for ch in core):
            continue  # nothing left but white space once common words came off ("Blockchain\n\n")
        if table.is_demonym(core) or (ent.label_ == "NORP" and table.country_of_modifier(core)):
            continue  # "Russian", "Slovak" (even when tagged PERSON): part of a title, not a name
        if ent.label_ == "NORP":
            if not core[:1].isupper():
                continue
            # Only plural group names ("Democrats", "Republicans") name someone who can speak.
            if span.root.tag_ not in ("NNPS", "NNS") or span.root.dep_ == "amod":
                continue
        type_ = _fix_type(ent.label_, type_, core, table)
        if type_ in ("organization", "place") and looks_like_person(span) and not table.lookup(core):
            type_ = "person"  # "Carly Fiorina" read as an organisation: a first name says otherwise
        start_char = span.start_char
        role = honorific = None
        if type_ == "person":
            first = _fold(core.split()[0]).strip(".")
            honorific = _GENDERED.get(first)
            core = strip_titles(core, table)
            new_start, role, before = _title_prefix(doc, start_tok, table)
            honorific = honorific or before
            start_char = doc[new_start].idx if new_start < start_tok else start_char
        found.append(_Mention(start_char, span.end_char, core, ent.label_, type_, span.root, role, honorific))
    # A name nested inside an office phrase ("US" in "US President Donald Trump") stays, but a
    # mislabelled fragment fully inside a person's mention does not duplicate it.
    persons = [(m.start, m.end) for m in found if m.type == "person"]
    return [
        m
        for m in found
        if m.type == "person"
        or not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in persons)
        or table.country(m.core) is not None
    ]


def _drop_common_edges(doc: Doc, text: str, start: int, end: int, lower_seen: set[str]) -> tuple[int, int]:
    """Drop a capitalised common word the small model glued onto a name.

    In headlines ("Obama Says ...", "Clinton Plan for Taxes") and at sentence starts ("Say Mexico
    demanded") spaCy often includes the neighbouring word. A word the same article also uses in
    lower case is taken for a common word there.
    """
    if end - start < 2:
        return start, end

    def common(tok: Token) -> bool:
        low = tok.text.lower()
        if not tok.text[:1].isupper() or _is_title_word(tok.text) or low in ("the", "of", "and"):
            return False
        return low in lower_seen or low in HEADLINE_VERBS

    first = doc[start]
    if common(first) and (first.is_sent_start or _headline_like(text, first.idx)):
        start += 1
    if end - start >= 2 and common(doc[end - 1]) and _headline_like(text, doc[end - 1].idx):
        end -= 1
    return start, end


def _headline_like(text: str, pos: int) -> bool:
    """True when ``pos`` sits on a short line written in title case (a headline)."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    line = text[lo : hi if hi >= 0 else len(text)]
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words or len(line) > 160:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _fix_type(label: str, type_: str, core: str, table: AliasTable) -> str:
    """Let the alias table correct the small model's labels ("Kiev" tagged PERSON is a place)."""
    hits = table.lookup(core)
    if not hits:
        return type_
    types = {e.type for e in hits}
    if type_ in types:
        return type_
    if label in ("PERSON", "ORG", "FAC", "NORP"):
        return hits[0].type
    if label in ("GPE", "LOC") and "place" in types:
        return "place"
    return type_


def _resolve_typed(m: _Mention, table: AliasTable, context: Sequence[str]) -> tuple[AliasEntry | None, float]:
    entry, conf = table.resolve(m.core, m.type, context_countries=context)
    if entry is None and m.type == "group":
        entry, conf = table.resolve(m.core, "organization", context_countries=context)
    return entry, conf


def _context_countries(mentions: list[_Mention], table: AliasTable, outlet_country: str | None) -> list[str]:
    """Countries the article is about, outlet's first: they settle names shared between countries."""
    found: list[str] = []
    if outlet_country:
        entry = table.country(outlet_country)
        found.append(entry.canonical if entry else outlet_country)
    for m in mentions:
        entry = table.country(m.core)
        if entry is not None and entry.canonical not in found:
            found.append(entry.canonical)
    return found


def _same_person(name: str, clusters: list[_Cluster]) -> _Cluster | None:
    """An existing full-name cluster this full name is a variant of (initials, middle names)."""
    words = normalize_name(name).split()
    for cl in clusters:
        other = normalize_name(cl.name).split()
        if len(other) < 2 or other[-1] != words[-1]:
            continue
        if len(other) > len(words) and other[-len(words) :] == words:
            return cl  # "Wasserman Schultz" after "Debbie Wasserman Schultz"
        a, b = words[0], other[0]
        if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            return cl
    return None


def _surname(name: str) -> str:
    """The comparison form of a name's last word, generational suffixes ignored ("Roberts Jr.")."""
    words = [w for w in normalize_name(name).split() if w not in NAME_SUFFIXES]
    return words[-1] if words else normalize_name(name)


def _attach_single(
    m: _Mention,
    surnames: dict[str, list[tuple[int, _Cluster]]],
    clusters: dict[tuple[str, str], _Cluster],
    table: AliasTable,
    context: Sequence[str],
    cluster_for: Any,
) -> _Cluster:
    """The person a one-word name ("Putin", "Mr. Lee") refers to in this article.

    Several people of that surname here (Bill and Hillary Clinton): the one named in full more
    often wins, then the one named last, and a "Mr."/"Mrs." rules out the other sex; the
    entity's confidence drops to show the doubt.
    """
    key = _surname(m.core)
    near = surnames.get(key, [])
    distinct = {id(c): c for _, c in near}
    if m.honorific:
        # "Mr. Obama" is not Michelle Obama, even when she is the only Obama named in full.
        distinct = {k: c for k, c in distinct.items() if not c.genders or m.honorific in c.genders}
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    if len(distinct) > 1:
        options = list(distinct.values())
        counts = {id(c): sum(1 for _, x in near if x is c) for c in options}
        last_before = {
            id(c): max([p for p, x in near if x is c and p <= m.start], default=-1) for c in options
        }
        cl = max(options, key=lambda c: (counts[id(c)], last_before[id(c)]))
        cl.confidence = min(cl.confidence, 0.6)  # two people of that name here: say so
        return cl
    entry, conf = table.resolve(m.core, "person", context_countries=context)
    if entry is not None:
        # A famous surname alone: likely the table's person, but not certain.
        surname_only = normalize_name(entry.canonical) != normalize_name(m.core)
        return cluster_for("person", m.core, entry, 0.8 * conf if surname_only else conf, m.start)
    # A first name of a full-name person here ("Hillary").
    firsts = [
        c
        for c in clusters.values()
        if c.type == "person"
        and len(c.name.split()) > 1
        and normalize_name(c.name).split()[0] == normalize_name(m.core)
    ]
    if len(firsts) == 1:
        return firsts[0]
    cl = cluster_for("person", m.core, None, _SURNAME_CONFIDENCE, m.start)
    cl.local = True
    cl.confidence = min(cl.confidence, _SURNAME_CONFIDENCE)
    return cl


_ACRONYM_SKIP = frozenset(["of", "and", "the", "for", "on", "in", "&"])


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[\w&]+", name) if w.lower() not in _ACRONYM_SKIP).upper()


def _acronyms(text: str, clusters: dict[tuple[str, str], _Cluster]) -> None:
    """Join an organisation's acronym to its full name ("Federal Emergency Management Agency
    (FEMA)", later "FEMA"): either as two entities already found, or from the parenthesis."""
    long_names: dict[str, _Cluster] = {}
    for cl in clusters.values():
        if cl.type in ("organization", "group", "place") and len(cl.name.split()) >= 2:
            long_names.setdefault(_initials(cl.name), cl)
    for match in re.finditer(r"\(([A-Z][A-Z&]{1,7})\)", text):
        owner = long_names.get(match.group(1))
        if owner is not None and owner.entry is None:
            owner.forms.add(match.group(1))
            owner.add(match.start(1), match.end(1), match.group(1))
    for key, cl in list(clusters.items()):
        if cl.entry is not None or not re.fullmatch(r"[A-Z][A-Z&]{1,7}", cl.name):
            continue
        owner = long_names.get(cl.name)
        if owner is None or owner is cl or owner.entry is not None:
            continue
        for s, e in cl.mentions:
            owner.add(s, e, cl.name)
        del clusters[key]


def _propagate(text: str, clusters: dict[tuple[str, str], _Cluster]) -> None:
    """Add the occurrences of a name the model missed once it found the name elsewhere.

    The small model tags "Sanders" in one sentence and not in the next; a name form already
    accepted for an entity in this article is looked for verbatim (case-sensitive, whole
    words), and a person's surname too when no one else here shares it, also in capitals for
    transcripts ("PENCE:").
    """
    taken = bytearray(len(text))
    for cl in clusters.values():
        for s, e in cl.mentions:
            taken[s:e] = b"\x01" * (e - s)
    persons = [c for c in clusters.values() if c.type == "person"]
    surname_owner: dict[str, list[_Cluster]] = {}
    for cl in persons:
        surname_owner.setdefault(_surname(cl.name), []).append(cl)

    for cl in clusters.values():
        forms = {f for f in cl.forms if len(f) >= 3 and f[:1].isupper()}
        if cl.type == "person":
            words = [w for w in cl.name.split() if _fold(w).strip(".") not in NAME_SUFFIXES]
            if words and len(surname_owner.get(_surname(cl.name), [])) == 1 and len(words[-1]) >= 3:
                forms.add(words[-1])
                forms.add(words[-1].upper())
        if cl.name[:1].isupper() and len(cl.name) >= 3:
            forms.add(cl.name)
        if not forms:
            continue
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        for match in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text):
            s, e = match.span()
            if taken.find(1, s, e) < 0:
                cl.mentions.append((s, e))
                taken[s:e] = b"\x01" * (e - s)


_ROLE_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?P<country>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:'s|’s)?\s+"
    r"(?P<title>leader|president|prime minister|premier|chancellor|foreign minister|king|queen|chief|boss)\b",
    re.IGNORECASE,
)
#: Seats of power that stand for their country in a title ("the Kremlin chief").
_SEATS_OF_POWER = {"kremlin": "Russia", "white house": "United States", "elysee": "France"}


def _role_anaphora(text: str, clusters: dict[tuple[str, str], _Cluster], table: AliasTable) -> None:
    """File "the Russian leader" under the person the article gave that office, if only one."""
    taken = [(s, e) for cl in clusters.values() for s, e in cl.mentions]
    for match in _ROLE_ANAPHOR.finditer(text):
        if not match.group("country")[:1].isupper():
            continue
        country = table.country_of_modifier(match.group("country"))
        title = _fold(match.group("title"))
        seat = _SEATS_OF_POWER.get(_fold(match.group("country")).lower())
        if seat is not None:
            country = table.country(seat)
            if title in ("chief", "boss"):
                title = "leader"
        if country is None or title in ("chief", "boss"):
            continue
        start, end = match.span()
        # the seat's own mention inside the phrase ("Kremlin") does not take it
        if seat is None and any(s < end and start < e for s, e in taken):
            continue
        phrase = normalize_name(country.country_phrase())
        fits = []
        for cl in clusters.values():
            if cl.type != "person" or min(s for s, _ in cl.mentions) > start:
                continue
            for role in cl.roles:
                office, _, of = role.rpartition(" of ")
                office_f = _fold(office)
                if normalize_name(of) != phrase:
                    continue
                if office_f == title or (title == "leader" and office_f in LEADER_TITLES):
                    fits.append(cl)
                    break
        if len(fits) == 1:
            fits[0].mentions.append((start, end))


# ---------------------------------------------------------------------------------------------
# Across articles


def _countries_of(roles: Iterable[str], extra: Iterable[str | None] = ()) -> set[str]:
    """Countries named by roles ("President of Russia") and given outright, as canonical names."""
    table = default_table()
    found = set()
    for name in [r.rpartition(" of ")[2] for r in roles if " of " in r]:
        entry = table.country(name)
        if entry is not None:
            found.add(normalize_name(entry.canonical))
    for given in extra:
        if given:
            entry = table.country(given)
            found.add(normalize_name(entry.canonical if entry else given))
    return found


def link_across(
    entity: Entity | Mapping[str, Any],
    candidates: Sequence[Mapping[str, Any]],
    *,
    outlet_country: str | None = None,
    cooccurring: Iterable[str] = (),
) -> tuple[str | None, float]:
    """Pick the stored identity ``entity`` is, or None when no candidate is convincing.

    ``candidates`` are stored identities as dicts: ``id``, ``name``, ``type`` and optionally
    ``roles``, ``aliases``, ``country``, ``outlet_country`` and ``cooccurring`` (ids seen with
    it). A shared surname alone never links; a matching office, country or company of other
    entities can. When two candidates fit about equally, the answer is None with the best
    score, so ambiguity stays visible. Pure: reads its arguments only.
    """
    ent = entity.to_dict() if isinstance(entity, Entity) else dict(entity)
    name = normalize_name(strip_titles(str(ent.get("name") or "")))
    words = name.split()
    own_roles = [normalize_name(r) for r in ent.get("roles") or []]
    own_countries = _countries_of(ent.get("roles") or [], [outlet_country, ent.get("country")])
    own_with = set(cooccurring)
    ent_id = str(ent.get("id") or "")
    local = "~" in ent_id

    scored: list[tuple[float, str]] = []
    for cand in candidates:
        if cand.get("type") != ent.get("type"):
            continue
        cid = str(cand.get("id"))
        cname = normalize_name(str(cand.get("name") or ""))
        cwords = cname.split()
        caliases = {normalize_name(a) for a in cand.get("aliases") or []}
        if not local and cid == ent_id:
            base = 0.9
        elif name and (name == cname or name in caliases) and len(words) > 1:
            base = 0.85
        elif (
            len(words) == 2
            and len(cwords) >= 2
            and len(words[0]) == 1
            and cwords[0].startswith(words[0])
            and words[-1] == cwords[-1]
        ):
            base = 0.65  # "J. Biden" / "Joe Biden"
        elif len(words) == 1 and cwords and words[0] in (cwords[0], cwords[-1]):
            base = 0.3  # surname only (either end: "Lee Hsien Loong"): needs other evidence
        elif len(cwords) == 1 and words and cwords[0] in (words[0], words[-1]):
            base = 0.3
        elif name and name in caliases:
            base = 0.6
        else:
            continue
        bonus = 0.0
        croles = [normalize_name(r) for r in cand.get("roles") or []]
        if own_roles and set(own_roles) & set(croles):
            bonus += 0.35
        ccountries = _countries_of(cand.get("roles") or [], [cand.get("country"), cand.get("outlet_country")])
        if own_countries and ccountries:
            bonus += 0.15 if own_countries & ccountries else -0.2
        cwith = set(cand.get("cooccurring") or [])
        if own_with and cwith:
            bonus += 0.3 * len(own_with & cwith) / len(own_with | cwith)
        scored.append((min(1.0, base + bonus), cid))

    if not scored:
        return None, 0.0
    scored.sort(reverse=True)
    best, best_id = scored[0]
    if best < 0.6:
        return None, round(best, 3)
    if len(scored) > 1 and best - scored[1][0] < 0.1:
        return None, round(best, 3)
    return best_id, round(best, 3)
