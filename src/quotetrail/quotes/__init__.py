"""Quote attribution: who said what, with exact spans, as spaCy pipeline components.

Use it inside any English spaCy pipeline that has a parser and NER::

    import spacy, quotetrail.quotes
    nlp = spacy.load("en_core_web_sm")
    quotetrail.quotes.add_quote_pipes(nlp)        # or nlp.add_pipe("quotetrail_quotes")
    doc = nlp(text)
    doc._.quotes           # list[quotetrail.types.Quote], offsets into doc.text
    doc._.quote_warnings   # e.g. an unclosed quotation mark

Components (registered factories, configurable like spaCy's own):

* ``quotetrail_paragraph_breaks`` -- (before the parser) a blank line always ends a sentence;
* ``quotetrail_headline_names`` -- (after the recogniser) a person's name it ran on into a
  Title Case headline ("Obama To Asians Worried") ends at the headline's verb or preposition;
* ``quotetrail_quote_marks`` -- pairs quotation marks in the raw text (multi-paragraph quotes,
  nested single quotes, apostrophes and primes) and records warnings for unbalanced marks;
* ``quotetrail_quotes`` -- finds direct, partial, indirect and mixed quotes with cue and speaker
  mention on the dependency parse and resolves each speaker to a person in the document
  (adds the marks step itself when it is missing).

What counts as a quote here (a deliberate choice, narrower than PolNeAR's "attribution"):
statements -- what someone said, wrote, tweeted, told, claimed, warned -- and beliefs a person
is reported to hold *as a clause* ("he believed the EU resembled a toad", "Putin said he believes
Trump ..."), because in news those are stated positions a user searches for. Also sourced
claims of documents, reported the way "according to the poll" is: what a poll, study, report or
record "shows" or "found" ("A Quinnipiac poll found Trump even with Clinton"), with the document
as the mention and no person as the speaker. Not quotes: intentions and desires ("wants to",
"hopes to", "plans to", "is expected to") and perceptions ("sees", "seems"). They have no speaker
whose words can be quoted, and counting them would flood a person's record with guesses.
Quotation marks without any reporting verb (scare quotes, titles of shows) are not quotes
either, unless they form whole sentences (a paragraph that is only a quotation continues the
speaker of the paragraph before).

Broken quotes: a direct quote broken by its frame inside one sentence (“We are ready,” she
said, “and we will win.”) is one quote whose ``content`` runs from the first quoted word to the
last, as annotation schemes mark a discontinuous content, and whose ``parts`` are the quoted
stretches, so ``Quote.words`` is what the speaker said without the reporter's frame. A quote of
one stretch has ``parts == []``. Partial and mixed quotes have no parts: their content is the
reporter's sentence carrying the quoted words, and that is what they report. A new sentence in
new quotation marks after a frame that ended its sentence, or a new paragraph that opens a new
quotation after a closed one, is a separate direct quote with no cue or mention of its own and
the speaker carried over ("continuation"); a quotation running on into the next paragraph (no
closing mark, the next paragraph opening with one) stays one quote.

The ``attributions`` scope (a research mode following PolNeAR's wider notion) also reports
stances, intentions and appearances, flagged ``stance=True``: learned stance frames, then what a
fine-tuned transformer (:mod:`.transformer`, the ``attributions`` extra) marks where the rules
found nothing -- or, without onnxruntime, the small spaCy tagger of :mod:`.learned`.

Speaker.name is the fullest PERSON name in the document (the orchestrator joins it to the
entity of the same name); ``Speaker.id`` and ``Quote.said_on`` are left for the orchestrator.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..errors import ConfigError
from ..types import Quote, Span, Speaker
from .attribution import Attributor, Found
from .marks import QuoteRegion, find_regions
from .speakers import HONORIFIC_GENDER, Resolution, SpeakerResolver

if TYPE_CHECKING:
    from collections.abc import Iterable

log = logging.getLogger(__name__)

__all__ = [
    "QuoteMarksComponent",
    "QuotesComponent",
    "add_quote_pipes",
    "attribute_doc",
    "extract_quotes",
    "extract_quotes_from_doc",
    "find_regions",
]

MARKS_PIPE = "quotetrail_quote_marks"
PARAGRAPHS_PIPE = "quotetrail_paragraph_breaks"
QUOTES_PIPE = "quotetrail_quotes"
HEADLINE_NAMES_PIPE = "quotetrail_headline_names"
KNOWN_NAMES_PIPE = "quotetrail_known_names"
#: Title-case words that end a person's name when a Title Case headline runs on after it
#: ("Trump Says He Never ...", "Obama To Asians Worried About Trump"): verbs of headlines, and
#: prepositions when more words follow. Not "From" or "Will", which are surnames (Al From,
#: George Will).
HEADLINE_VERBS = frozenset(["Says", "Said", "Tells", "Told", "Slams", "Vows", "Urges", "Responds", "Wants"])
HEADLINE_PREPOSITIONS = frozenset(
    ["To", "For", "About", "On", "At", "With", "Into", "Against", "Over", "After"]
)

for _name, _default in (("quotes", None), ("quote_warnings", None), ("quote_regions", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class QuoteMarksComponent:
    """Pairs quotation marks; sets ``doc._.quote_regions`` and ``doc._.quote_warnings``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        regions, warnings = find_regions(doc.text)
        doc._.quote_regions = regions
        doc._.quote_warnings = warnings
        for w in warnings:
            log.debug("%s", w)
        return doc


class QuotesComponent:
    """Finds quotes and resolves speakers; sets ``doc._.quotes``.

    ``min_confidence``: quotes whose speaker confidence is below it lose the speaker name (the
    quote stays, unattributed). ``keep_unattributed``: keep quotes with no speaker at all.
    ``join_sentences`` (default true): read '"X," he said. "Y."' within one paragraph as one
    quote with parts, as annotators mark one utterance (PolNeAR does), rather than two. A new
    paragraph in new marks stays a quote of its own, its speaker carried over, either way.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        min_confidence: float,
        keep_unattributed: bool,
        scope: str = "statements",
        join_sentences: bool = True,
    ) -> None:
        if scope not in ("statements", "attributions"):
            raise ConfigError(
                f"quotetrail_quotes scope must be 'statements' or 'attributions', not {scope!r}"
            )
        self.scope = scope
        self.join_sentences = join_sentences
        self.name = name
        self.min_confidence = min_confidence
        self.keep_unattributed = keep_unattributed

    def __call__(self, doc: Doc) -> Doc:
        if doc._.quote_regions is None:
            regions, warnings = find_regions(doc.text)
            doc._.quote_regions = regions
            doc._.quote_warnings = warnings
        if doc._.quote_warnings is None:
            doc._.quote_warnings = []
        quotes = _attribute(doc, doc._.quote_regions, self.scope, self.join_sentences)
        for q in quotes:
            if q.speaker.confidence < self.min_confidence and q.speaker.name is not None:
                q.speaker = Speaker(None, None, q.speaker.confidence, "none", False)
        if not self.keep_unattributed:
            quotes = [q for q in quotes if q.speaker.name is not None]
        doc._.quotes = quotes
        return doc


@Language.component(PARAGRAPHS_PIPE)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the parser runs.

    spaCy's parser often runs a sentence across a paragraph break (a question, a dateline or a
    headline glued to the next paragraph), which then hands a reported clause the wrong frame.
    A paragraph break always ends a sentence in news text, so it is fixed here; the parser keeps
    sentence starts that are already set.
    """
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.component(HEADLINE_NAMES_PIPE)
def headline_names(doc: Doc) -> Doc:
    """End a PERSON entity at a headline's verb or preposition (after the recogniser).

    In a Title Case headline the small model runs a name on into the words after it ("Obama To
    Asians Worried"), and the speaker resolver and the entity builder would then take that for
    the fullest form of the name and give it to every later "Obama".
    """
    ents = []
    changed = False
    for ent in doc.ents:
        cut = None
        if ent.label_ == "PERSON":
            cut = next((t.i for t in ent[1:] if t.text in HEADLINE_VERBS), None) or next(
                (t.i for t in ent[1:-1] if t.text in HEADLINE_PREPOSITIONS), None
            )
        if cut is None:
            ents.append(ent)
            continue
        changed = True
        ents.append(SpacySpan(doc, ent.start, cut, label=ent.label))
    if changed:
        doc.ents = ents
    return doc


@Language.component(KNOWN_NAMES_PIPE)
def known_names(doc: Doc) -> Doc:
    """Tag as PERSON a known person's name the recogniser missed or read as an organisation.

    The small model misses "Trump" at the head of a sentence ("Trump wrote on Truth Social"),
    tags it ORG ("Trump said") or "Erdogan" a place, and the speaker resolver and the entity
    builder see only the names it tags. A run of proper nouns that is, whole, a name of exactly
    one person in the alias table and of nothing else, and that the article never writes in lower
    case ("trump card"), is that person; so is a tagged surname with the first name the model left
    out before it ("Reince Priebus").
    """
    from ..entities import default_table, strip_titles

    table = default_table()
    ents = list(doc.ents)
    changed = False
    lowered: set[str] | None = None

    def one_person(span: SpacySpan) -> bool:
        nonlocal lowered
        words = span.text.split()
        # "President Vladimir Putin": an office is the entity builder's to read; "Mr. Trump"
        # stays whole, as the recogniser tags it when it sees it
        honorific = words[0].lower() in HONORIFIC_GENDER or words[0].lower().rstrip(".") == "dr"
        bare = " ".join(words[1:]) if honorific else span.text
        if strip_titles(bare, table) != bare:
            return False
        hits = table.lookup(span.text)
        if not hits or any(e.type != "person" for e in hits) or len({e.canonical for e in hits}) != 1:
            return False
        if lowered is None:
            lowered = {t.text for t in doc if t.text.islower()}
        return not any(t.text.lower() in lowered for t in span)

    for k, ent in enumerate(ents):
        if (
            ent.label_ in ("ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART")  # "Erdogan" as a place
            and len(ent) <= 3
            and all(t.pos_ == "PROPN" for t in ent)
            and one_person(ent)
        ):
            ents[k] = SpacySpan(doc, ent.start, ent.end, label="PERSON")
            changed = True
    covered = {i for ent in ents for i in range(ent.start, ent.end)}

    def free_name_word(t: Token) -> bool:
        return t.i not in covered and t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN")

    for k, ent in enumerate(ents):
        # "Reince Priebus" with only "Priebus" tagged: the first name the recogniser left out
        before = ent.start - 1
        if (
            ent.label_ == "PERSON"
            and before >= 0
            and free_name_word(doc[before])
            and doc[before].whitespace_
            and one_person(doc[before : ent.end])
        ):
            ents[k] = SpacySpan(doc, before, ent.end, label="PERSON")
            covered.add(before)
            changed = True

    i = 0
    while i < len(doc):
        if not free_name_word(doc[i]):
            i += 1
            continue
        j = i + 1
        # "Trump-Putin" is one word to the run, not two names
        while j < len(doc) and j - i < 4 and free_name_word(doc[j]) and doc[j - 1].whitespace_:
            j += 1
        # The longest run that names one person; one word alone only as a proper noun
        # ("Reince Priebus" with "Reince" read as a common noun).
        end = next(
            (
                k
                for k in range(j, i, -1)
                if (k - i > 1 or doc[i].pos_ == "PROPN") and one_person(doc[i:k])
            ),
            None,
        )
        if end is not None:
            ents.append(SpacySpan(doc, i, end, label="PERSON"))
            changed = True
            i = end
        else:
            i += 1
    if changed:
        doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


@Language.factory(MARKS_PIPE, default_config={})
def make_quote_marks(nlp: Language, name: str) -> QuoteMarksComponent:
    """Factory of the quotation-mark pairing component."""
    return QuoteMarksComponent(nlp, name)


@Language.factory(
    QUOTES_PIPE,
    default_config={
        "min_confidence": 0.0,
        "keep_unattributed": True,
        "scope": "statements",
        "join_sentences": True,
    },
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents"],
    assigns=["doc._.quotes", "doc._.quote_warnings"],
)
def make_quotes(
    nlp: Language,
    name: str,
    min_confidence: float,
    keep_unattributed: bool,
    scope: str,
    join_sentences: bool,
) -> QuotesComponent:
    """Factory of the quote attribution component."""
    return QuotesComponent(nlp, name, min_confidence, keep_unattributed, scope, join_sentences)


def add_quote_pipes(nlp: Language, **config: Any) -> Language:
    """Add quotetrail's quote components to ``nlp`` (idempotent); returns ``nlp``.

    The quote components go last; the paragraph-break component goes before the parser when
    there is one (it only sets sentence starts the parser then respects).
    """
    if PARAGRAPHS_PIPE not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS_PIPE, before="parser")
    if HEADLINE_NAMES_PIPE not in nlp.pipe_names and "ner" in nlp.pipe_names:
        nlp.add_pipe(HEADLINE_NAMES_PIPE, after="ner")
    if KNOWN_NAMES_PIPE not in nlp.pipe_names and "ner" in nlp.pipe_names:
        nlp.add_pipe(KNOWN_NAMES_PIPE, after=HEADLINE_NAMES_PIPE)
    if MARKS_PIPE not in nlp.pipe_names:
        nlp.add_pipe(MARKS_PIPE, last=True)
    if QUOTES_PIPE not in nlp.pipe_names:
        nlp.add_pipe(QUOTES_PIPE, last=True, config=dict(config))
    return nlp


def extract_quotes_from_doc(doc: Doc) -> list[Quote]:
    """The quotes of a parsed doc: ``doc._.quotes`` when the component ran, else computed now."""
    if doc._.quotes is not None:
        return list(doc._.quotes)
    return attribute_doc(doc)


def attribute_doc(doc: Doc, scope: str = "statements") -> list[Quote]:
    """Find the quotes of a parsed doc now (whatever ran before) and store them on the doc.

    ``scope="attributions"`` also reports PolNeAR's wider attributions (stances with an object,
    intentions); it exists to measure against that corpus, not for users.
    """
    if scope not in ("statements", "attributions"):
        raise ConfigError(f"scope must be 'statements' or 'attributions', not {scope!r}")
    regions, warnings = find_regions(doc.text)
    doc._.quote_regions = regions
    doc._.quote_warnings = warnings
    doc._.quotes = _attribute(doc, regions, scope)
    return list(doc._.quotes)


def extract_quotes(text: str, published: str | None = None) -> list[Quote]:
    """Every quote in ``text`` (clean article text), with the shared pipeline of :mod:`quotetrail.nlp`.

    ``published`` is accepted for the plain API's signature; dates of statements are filled in
    by the orchestrator, not here.
    """
    from .. import nlp as nlp_module

    if not text or not text.strip():
        return []
    pipeline = nlp_module.load()
    if QUOTES_PIPE not in pipeline.pipe_names:
        add_quote_pipes(pipeline)
    return extract_quotes_from_doc(pipeline(text))


def extract_quotes_many(texts: Iterable[str], batch_size: int = 16) -> list[list[Quote]]:
    """Quotes of many texts at once, through ``nlp.pipe`` (faster than one call per text)."""
    from .. import nlp as nlp_module

    pipeline = nlp_module.load()
    return [extract_quotes_from_doc(doc) for doc in pipeline.pipe(texts, batch_size=batch_size)]


# -- building Quote records ---------------------------------------------------------------------
def _attribute(
    doc: Doc, regions: list[QuoteRegion], scope: str = "statements", join_sentences: bool = True
) -> list[Quote]:
    text = doc.text  # spaCy joins every token's text at each access: read it once
    if not text.strip() or len(doc) == 0:
        return []
    attributor = Attributor(doc, regions, scope, join_sentences, text=text)
    found = attributor.run()
    if scope == "attributions":
        found.extend(_tagged_elsewhere(doc, text, found, attributor))
    embedded: set[int] = set()
    for f in found:
        if f.kind in ("indirect", "mixed"):
            span = doc.char_span(*f.content, alignment_mode="expand")
            if span is not None:
                embedded.update(range(span.start, span.end))
    resolver = SpeakerResolver(doc, attributor.in_quote, embedded, toks=attributor.toks)
    resolved: list[tuple[Found, Resolution]] = []
    quotes: list[Quote] = []
    for f in found:
        mention: Span | None = None
        res = Resolution()
        if f.subject is not None and attributor.in_quote[f.subject.i] < 0:
            if f.mention is not None:
                mention = Span.of(text, *f.mention)
            else:
                start, end = resolver.mention_span(f.subject, full=True)
                span = doc[start:end]
                mention = Span.of(text, span.start_char, span.end_char)
            res = resolver.resolve(f.subject)
        elif f.continuation:
            res = _continue_from(f, resolved, attributor)
        resolved.append((f, res))
        s, e = _one_line(text, f)
        if f.kind != "direct":
            s = _past_dateline(text, s, e)
        quotes.append(
            Quote(
                kind=f.kind,  # type: ignore[arg-type]
                content=Span.of(text, s, e),
                cue=Span.of(text, *f.cue) if f.cue else None,
                mention=mention,
                speaker=Speaker(res.name, None, res.confidence, res.via, res.is_group),
                parts=[Span.of(text, ps, pe) for ps, pe in f.parts],
                stance=f.stance,
            )
        )
    return quotes


#: "VIENNA — ", "KYIV, Ukraine (AP) — ", "MOSCOW (Reuters) - ": where a story was filed, before
#: its first sentence; never part of what anyone said.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’]{2,}(?: [A-Z][A-Z.'’]+){0,2}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*){0,2})?"
    r"(?: ?\([^()\n]{1,40}\))?\s*(?:\u2014|\u2013|--|-)\s+"
)


def _end_before_space(text: str, end: int, line: bool = False) -> int:
    """``end`` moved back over white space (only within its line when ``line``), without copying
    the text before it."""
    while end > 0 and text[end - 1].isspace() and not (line and text[end - 1] == "\n"):
        end -= 1
    return end


def _past_dateline(text: str, start: int, end: int) -> int:
    """The start of a content past a dateline it begins with."""
    before = _end_before_space(text, start, line=True)
    if before > 0 and text[before - 1] != "\n":
        return start  # a dateline opens its paragraph
    m = _DATELINE.match(text, start, end)
    return m.end() if m is not None and end - m.end() > 10 else start


def _one_line(text: str, f: Found) -> tuple[int, int]:
    """An indirect quote's content within the line of its cue.

    Reported speech in the reporter's words never runs across a line break; when the parse
    joined a headline or a label to the next line ("Christie Says He Would Issue A Quarantine
    Over Zika Virus\nChris Christie said ..."), the line nearest the cue is the content.
    """
    s, e = f.content
    if f.kind != "indirect" or "\n" not in text[s:e]:
        return s, e
    cue_at = f.cue[0] if f.cue else s
    if cue_at <= s:
        cut = s + text[s:e].index("\n")
        new = (s, _end_before_space(text, cut))
    else:
        cut = s + text[s:e].rindex("\n") + 1
        new = (cut + len(text[cut:e]) - len(text[cut:e].lstrip()), e)
    # a word or two left on the cue's line ("In\nJohn Kasich said ...") is no content of its own
    return new if len(text[new[0] : new[1]].split()) >= 3 else (s, e)


def _learned_attributions(doc: Doc, text: str) -> list[dict[str, tuple[int, int] | None]] | None:
    """Attributions a trained tagger marks in the doc: the transformer's when it can be loaded,
    else the small spaCy tagger's; None when neither can."""
    from .learned import predict_attributions, shared_tagger
    from .transformer import MIN_CONFIDENCE, attributions_on_doc, shared_transformer

    transformer = shared_transformer()
    if transformer is not None:
        return attributions_on_doc(doc, transformer, MIN_CONFIDENCE)
    tagger = shared_tagger()
    if tagger is None:
        return None
    # The tagger's own full run (its tokens, tags and parse): reusing this doc's parse and
    # running only its two heads was twice as fast but lost 0.4 content and 0.8 direct recall.
    return predict_attributions(text, tagger)


def _tagged_elsewhere(doc: Doc, text: str, found: list[Found], attributor: Attributor) -> list[Found]:
    """The "attributions" scope's last step: what a trained tagger marks where the rules found
    nothing, as stances (wider-scope attributions); the parse's subject of its cue verb, else
    its source mention's head, is resolved like any speaker. Without a tagger this step is
    skipped."""
    attributions = _learned_attributions(doc, text)
    if attributions is None:
        return []
    taken = [f.content for f in found]
    out: list[Found] = []
    for a in attributions:
        content = a["content"]
        if content is None or any(content[0] < e and s < content[1] for s, e in taken):
            continue
        source = a["source"]
        subject = None
        cue_span = doc.char_span(a["cue"][0], a["cue"][1], alignment_mode="expand") if a["cue"] else None
        verb = cue_span.root if cue_span is not None and len(cue_span) else None
        if verb is not None and verb.pos_ == "VERB" and attributor.in_quote[verb.i] < 0:
            subject = attributor.subject_of(verb)
            if subject is not None and content[0] <= subject.idx < content[1]:
                subject = None  # a passive's agent inside the content ("alarmed by X"): not its holder
            if subject is not None:
                source = None  # the parse's subject of the tagger's cue; its mention is built below
        if subject is None and source is not None:
            span = doc.char_span(source[0], source[1], alignment_mode="expand")
            subject = span.root if span is not None and len(span) else None
        before = text[content[0] - 1 : content[0]] if content[0] > 0 else ""
        inside = text[content[0] : content[1]]
        if before in _OPENING_MARKS and text[content[1] : content[1] + 1] in _CLOSING_MARKS:
            kind = "direct"
        elif any(m in inside for m in ("\u201c", "\u201d", '"', "''")):
            kind = "mixed"
        else:
            kind = "indirect"
        out.append(Found(kind, content, a["cue"], subject, mention=source, stance=True))
        taken.append(content)
    return out


_OPENING_MARKS = ("\u201c", '"', "'")
_CLOSING_MARKS = ("\u201d", '"', "'")


def _continue_from(f: Found, before: list[tuple[Found, Resolution]], attributor: Attributor) -> Resolution:
    """The speaker a frameless quotation inherits: the previous quote in its paragraph, or, when
    the paragraph is nothing but quotation, the last quote of the paragraph before."""
    same = [(g, r) for g, r in before if g.para == f.para]
    if same:
        g, r = same[-1]
        return _inherited(r, 0.9)
    if not attributor._only_quotation(f):
        return Resolution()
    prev = [(g, r) for g, r in before if g.para == f.para - 1]
    if prev:
        return _inherited(prev[-1][1], 0.85)
    return Resolution()


def _inherited(r: Resolution, factor: float) -> Resolution:
    if r.name is None:
        return Resolution()
    return Resolution(r.name, r.confidence * factor, "continuation", r.is_group)
