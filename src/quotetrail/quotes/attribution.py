"""Finding quotations, their cues and speaker mentions on spaCy's dependency parse.

The order of the passes matters and is why this is one module:

1. **clausal reports** -- a cue verb outside any quotation with a clausal complement
   (``said that ...``, ``..., Putin has said``, ``told Putin he believed ...``, also inside a
   relative clause: ``which she has said was a mistake``), a cue noun with a clause (``the claim
   that ...``), ``according to X``, and statements reported by an object or a preposition
   (``cited a 2013 memo``, ``accused him of sexism``, ``called for a ban``; finite forms only);
2. each clausal report is checked against the paired quotation marks: complement inside a
   quotation = a **direct** quote (the whole quotation is the content); a quotation inside the
   complement = **mixed**; none = **indirect**;
3. quotations not taken yet look for a cue verb tied to them in the parse or standing beside
   them ("...," Putin stressed); a fragment in the reporter's sentence is **partial** (scare
   quotes and titles without a reporting verb are skipped); a sentence-like quotation without a
   frame is a **direct** quote whose speaker comes from the previous quote (continuation);
4. a quotation broken by its frame inside one sentence ("...," he said, "...") is one quote: its
   content runs from the first quoted word to the last (as PolNeAR marks a discontinuous
   content) and its ``parts`` are the quoted stretches without the frame. A frame that ends
   its sentence ("...," Putin said, referring to X. "...") or a closed quotation followed by a
   paragraph that opens a new one is a *new* quote by newsroom convention (a quote running on
   into the next paragraph has no closing mark), a continuation with no cue of its own whose
   speaker is carried over. Only the ``attributions`` scope, which follows PolNeAR, joins
   those as well.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..person_names import first_names, looks_like_person
from . import lexicon
from .marks import QuoteRegion, paragraphs
from .speakers import DATELINE_DASHES, ROLE_NOUNS, TITLE_WORDS, is_dateline, naming_verb_as_main

log = logging.getLogger(__name__)

_SENTENCE_START = re.compile(r"^[\s\[(…\.]*[A-Z0-9\u2018'\u201c\"¿¡]")
_FRAME_AFTER = re.compile(r"^[\s,:;\u2014\u2013-]*$")
_COMPLEMENTS = frozenset(
    {"dobj", "dative", "oprd", "prep", "xcomp", "ccomp", "acomp", "attr", "advcl", "pobj"}
)
# A verb used as an adjective ("so-called", "the claimed figure") frames nothing.
_ADJECTIVAL = frozenset({"amod", "compound"})
# Verbs of speech whose direct object states what was said ("denied any involvement",
# "called him a liar"); most others take whom they address or a thing ("told reporters").
_STATED_INTENT_VERBS = frozenset(
    [
        "promise",
        "pledge",
        "vow",
        "threaten",
        "urge",
        "ask",
        "demand",
        "warn",
        "tell",
        "call",
        "encourage",
        "invite",
        "challenge",
    ]
)
_STATED_OBJECT_VERBS = frozenset(
    [
        "deny",
        "dismiss",
        "reject",
        "confirm",
        "acknowledge",
        "admit",
        "announce",
        "praise",
        "hail",
        "criticise",
        "criticize",
        "condemn",
        "denounce",
        "call",
        "accuse",
        "reiterate",
        "repeat",
        "predict",
        "promise",
        "pledge",
        "vow",
        "demand",
        "blast",
        "slam",
        "defend",
        "blame",
        "welcome",
        "applaud",
    ]
)
# Acts of speech whose object is what was said about ("cited a 2013 memo", "endorsed Ted Cruz",
# "questioned the timing"); reported only when the verb is finite or a participle, not in an
# infinitive ("refused to endorse him" is no statement made). Learned on PolNeAR train: each
# reads as its annotated content at least a third of the time.
_STATED_SPEECH_ACTS = frozenset(
    [
        "cite",
        "describe",
        "propose",
        "mention",
        "discuss",
        "question",
        "note",
        "recall",
        "stress",
        "reveal",
        "explain",
        "declare",
        "tweet",
        "report",
        "emphasize",
        "emphasise",
        "recount",
        "echo",
        "tout",
        "mock",
        "repeat",
        "decry",
        "rebut",
        "outline",
        "recite",
        "detail",
        "highlight",
        "lament",
        "disclose",
        "say",
        "endorse",
        "reference",
        "invoke",
        "disavow",
        "list",
        "chide",
        "bemoan",
        "lambast",
        "lambaste",
        "credit",
        "assail",
        "liken",
        "deride",
        "voice",
        "portray",
        "rebuke",
        "articulate",
        "repudiate",
        "characterize",
        "dispute",
        "utter",
        "congratulate",
        "quote",
    ]
)
# Nouns for people who speak ("staff members suggesting ...", "supporters saying ...").
_PEOPLE = frozenset(
    [
        "supporter",
        "member",
        "people",
        "voter",
        "critic",
        "protester",
        "demonstrator",
        "activist",
        "lawmaker",
        "leader",
        "resident",
        "worker",
        "group",
        "campaign",
        "delegate",
        "expert",
        "analyst",
        "economist",
        "source",
        "staffer",
        "man",
        "woman",
    ]
)
# What one issues that then says something ("issued a statement saying ...").
_ISSUED = frozenset(
    [
        *("statement", "statements", "letter", "video", "ad", "memo", "release", "tweet", "post"),
        *("report", "message", "messages", "email", "e-mail", "note", "tweets", "posts", "letters"),
    ]
)
_OBJECT_REPORTING = _STATED_OBJECT_VERBS | _STATED_SPEECH_ACTS | _STATED_INTENT_VERBS
# Prepositions that say when, where or through what something was said, not what.
_SETTING_PREPOSITIONS = frozenset(
    [
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "since",
        "through",
        "amid",
        "from",
        "via",
        "while",
        "near",
    ]
)
_TITLE_SMALL = frozenset(
    ["the", "of", "and", "a", "an", "in", "on", "for", "to", "with", "at", "by", "from", "&"]
)
# Media named right after a cue that PolNeAR's cues hold ("said in a statement", "wrote on
# Facebook"); "in an interview", "on Twitter" and "in an email" are left out of the cue more
# often than not on train.
_MEDIA = frozenset(["statement", "facebook", "post", "release"])
_CONNECTIVES = frozenset(
    [
        "however",
        "but",
        "and",
        "still",
        "yet",
        "meanwhile",
        "also",
        "moreover",
        "instead",
        "indeed",
        "even",
        "so",
        "nevertheless",
    ]
)
_TRAILING = frozenset({"advcl", "acl", "npadvmod", "xcomp"})
_CUE_CHILD_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "prep", "prt", "npadvmod"})
_COLON_LABEL = re.compile(
    r"[\"\u201c]?(?P<label>[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*){0,3})\s*(?P<colon>:)[ \t]+(?=\S)"
)
#: The signature under an embedded post as pages flatten it: "… pic.twitter.com/x — Paul Ryan
#: (@SpeakerRyan) July 5, 2016".
_POST_SIGNATURE = re.compile(
    r"(?P<dash>\u2014|\u2013|--)\s*(?P<name>[^()\n\u2014\u2013]{2,60}?)\s*\(@(?P<handle>\w{1,15})\)\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})"
)
_POST_TAIL = re.compile(
    r"(?:\s*(?:(?:pic\.twitter\.com|https?://t\.co)/\S*|SIGN UP FOR OUR NEWSLETTER))+\s*$"
)
_NOT_SPEAKERS = frozenset(
    {
        "UPDATE",
        "NOTE",
        "EDITOR",
        "WATCH",
        "READ",
        "VIDEO",
        "PHOTOS",
        "PHOTO",
        "RELATED",
        "Q",
        "A",
        "SOURCE",
        "WARNING",
        # labels of the page, not of a speaker ("Editor’s Note:", "BYLINE:", "EXCLUSIVE:")
        "EDITOR’S NOTE",
        "EDITOR'S NOTE",
        "BYLINE",
        "CORRECTION",
        "CLARIFICATION",
        "EXCLUSIVE",
        "BREAKING",
        "EMAIL",
        "TWITTER",
        "LOOK",
        "BOOM",
        "BUSTED",
        "BOMBSHELL",
        "LISTEN",
        "ANALYSIS",
        "OPINION",
        "EDITORIAL",
        "REVIEW",
        "LIVE",
        "CREDIT",
        "SOURCES",
        # links and boxes of the page ("SEE MORE: Hong Kong protests ...")
        "SEE MORE",
        "READ MORE",
        "MORE",
        "SEE ALSO",
        "ALSO READ",
        "RELATED ARTICLE",
        "ADVERTISEMENT",
        "SPONSORED",
        "PICTURED",
        "FILE",
        "FYI",
        "DISCLAIMER",
        "TIP",
        "NOTE TO EDITORS",
    }
)
# (a party bracket counts as a word: "Rep. Jim McDermott (D-Wash.) said")
_NAME_GAP = re.compile(
    r"^[\s,]*(?:(?:[A-Z][\w.\u2019'-]*|\([A-Z][\w.]*-[\w. ]+\)|the|of|and|[a-z]+’s|he|she|they|we|it)\s+){0,6}$"
)
# '"...," Hannity pressed.': the frame right after a quotation, whatever the verb.
_TIGHT_GAP = re.compile(r"^[,!?]?\s*$")
# A name with an age or a short apposition: " Ramos, 58, ", " Steve Cohen, Democrat of Tennessee, ".
_NAME_AND_APPOSITION = re.compile(r"^\s*(?:(?:[A-Z][\w.\u2019'-]*|of|the|and|\d+),?\s+){1,10}$")
# 'Gene Sperling, a top outside Clinton adviser, said': a name, then a lower-case apposition.
_NAME_THEN_APPOSITION = re.compile(
    r"^\s*(?:[A-Z][\w.\u2019'-]*\s+){0,4}[A-Z][\w.\u2019'-]*,\s+[^.!?;:\u201c\u201d\"\n]{1,120},\s*$"
)


# Verbs that frame a quotation only with a particle ("shot back", "fired back").
_CUE_PARTICLES = {"shoot": "back", "fire": "back", "hit": "back", "push": "back", "snap": "back"}
# What a poll, study or record (lexicon.DOCUMENT_NOUNS) shows or finds is reported like
# "according to the poll": a sourced claim, with the document (not a person) as its source.
# Verbs by which things, not only people, "say" something ("the attack indicates she is pivoting").
_EVIDENCE_VERBS = frozenset(
    {"underscore", "hint", "illustrate", "highlight", "reflect", "mean", "signal", "demonstrate"}
)
_FINDING_VERBS = frozenset({"show", "find", "suggest", "indicate", "reveal", "conclude", "confirm"})
# People whose job is finding things out: "researchers found", "investigators concluded".
_FINDERS = frozenset(
    {"researcher", "investigator", "analyst", "economist", "scientist", "pollster", "auditor", "scholar"}
)


#: A stance frame is reported when train's annotators marked it at least this share of the
#: times it occurs. A prediction right a share p of the time raises F1 when p > F1 / 2, so the
#: bar is low; 0.25 was best of 0.15-0.5 by two-fold cross-validation on train (content
#: exact F1 58.3 over 57.3 with no stances; 58.2 at 0.2, 58.1 at 0.3, 57.9 at 0.35).
_STANCE_MIN_SHARE = 0.25
#: ... and marked at least this many times (2 was no better by the same cross-validation).
_STANCE_MIN_HITS = 3
#: Verbs of how things seem or are expected ("appears to be slipping", "is expected to pass").
_APPEARANCE_VERBS = frozenset(["seem", "appear", "expect"])

_DASHES = frozenset(["-", "--", "\u2014", "\u2013"])
#: Conjunctions that open a clause saying when, why or how, not what was said.
_ADVERBIAL_MARKS = frozenset(
    ["as", "while", "when", "because", "after", "before", "since", "although", "though", "until", "once"]
)


def stance_frames(tok: Token) -> list[tuple[str, Token, Token, Token | None]]:
    """The constituents a word may report as a stance, each as (frame, first token, last
    token, the preposition when there is one): a verb's object, infinitive or clause, and the
    object of a word's first preposition. A verb's object goes on through what the verb says of
    it ("portrayed him as a champion"), up to a punctuation mark. ``Attributor._learned_stance``
    reports them and ``scripts/train_stance_frames.py`` counts them, the same way."""
    out: list[tuple[str, Token, Token, Token | None]] = []
    if tok.pos_ == "VERB":
        for dep in ("dobj", "xcomp", "ccomp"):
            head = next((c for c in tok.rights if c.dep_ == dep), None)
            if head is None:
                continue
            last = head
            for child in tok.rights:
                if child.i < head.i:
                    continue
                if child.is_punct:
                    break
                last = child
            out.append((dep, head.left_edge, last.right_edge, None))
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.i - tok.i <= 3), None)
    if prep is not None:
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            out.append((f"prep:{prep.lower_}", pobj.left_edge, pobj.right_edge, prep))
    return out


def _adverbial(clause: Token) -> bool:
    """'Spencer said, as a few young fighters worked out': a clause after the verb and a comma
    that the parser took for its complement although a conjunction of time or cause opens it."""
    return any(
        c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS and clause.head.i < c.i == clause.left_edge.i
        for c in clause.children
    )


@dataclass(slots=True)
class Found:
    """One quotation found in a doc; character offsets into ``doc.text``."""

    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None = None
    subject: Token | None = None
    para: int = 0
    regions: list[int] = field(default_factory=list)
    # A frameless quote whose speaker comes from the quote before it.
    continuation: bool = False
    # The framed quote a continuation inherits from (set when resolved).
    source_of: Found | None = None
    # The speaker mention when it is not a noun phrase of the parse ("PENCE:" labels).
    mention: tuple[int, int] | None = None
    # The quoted stretches of a direct quote broken by its frame ("X," he said, "Y"); empty when
    # the quote is one stretch.
    parts: list[tuple[int, int]] = field(default_factory=list)
    # An attribution of the "attributions" scope only (a stance, intention or appearance, or the
    # trained tagger's), not a statement.
    stance: bool = False


class Attributor:
    """Runs the passes over one parsed doc with its quotation regions."""

    def __init__(
        self,
        doc: Doc,
        regions: list[QuoteRegion],
        scope: str = "statements",
        join_sentences: bool = True,
        text: str | None = None,
    ) -> None:
        """``scope``: "statements" (what a user reads as quotes; the default) or "attributions"
        (also PolNeAR's wider notion: stances with a noun-phrase object, intentions, findings).
        ``join_sentences``: join a new sentence in new marks after a frame, in the same paragraph, to the
        framed quote, as PolNeAR annotates (always so in the "attributions" scope)."""
        self.doc = doc
        self.scope = scope
        self.join_sentences = join_sentences or scope == "attributions"
        self.text = doc.text if text is None else text
        self.regions = regions
        # Regions by where they close, for "the quotation that closes right before this word".
        self._by_end = sorted(range(len(regions)), key=lambda k: regions[k].end)
        self._ends = [regions[k].end for k in self._by_end]
        self.paras = paragraphs(self.text)
        self._para_starts = [s for s, _ in self.paras]
        starts = [r.start for r in regions]
        self._region_starts = starts
        self.in_quote = [-1] * len(doc)
        # spaCy makes a new Token object at every access: the passes share one list of them.
        self.toks: list[Token] = list(doc)
        for tok in self.toks:
            k = bisect_right(starts, tok.idx) - 1
            if k >= 0 and regions[k].start <= tok.idx < regions[k].end:
                self.in_quote[tok.i] = k
        self.used: set[int] = set()

    # -- helpers ----------------------------------------------------------------------------
    def para_of(self, char: int) -> int:
        return max(0, bisect_right(self._para_starts, char) - 1)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def _quoted(self, r: QuoteRegion) -> tuple[int, int]:
        """A quotation's words: inside the marks, without the comma that only joins the frame
        ("Prices will fall," she said)."""
        start, end = self._trim(r.inner_start, r.inner_end)
        while end > start and self.text[end - 1] in ",;" or (end > start and self.text[end - 1].isspace()):
            end -= 1
        return start, end

    def _tok_end(self, tok: Token) -> int:
        return tok.idx + len(tok.text)

    def _cue_span(self, tok: Token) -> tuple[int, int]:
        """The cue: the verb with the one-word neighbours news writers treat as part of it
        ("has said", "also said", "said of", "pointed out"), as learned from train."""
        start, end = tok.idx, self._tok_end(tok)
        if tok.pos_ == "NOUN":
            return start, end
        for child in tok.children:
            if (
                child.left_edge.i != child.right_edge.i
                or abs(child.i - tok.i) > 2
                or self.in_quote[child.i] >= 0
            ):
                continue
            if (child.dep_ == "prt" and (tok.lemma_.lower(), child.lower_) in lexicon.PARTICLE_CUES) or (
                child.dep_ in _CUE_CHILD_DEPS and lexicon.cue_child_included(child.dep_, child.text)
            ):
                between = self.doc[min(child.i, tok.i) + 1 : max(child.i, tok.i)]
                # "Now Bloomberg says": the speaker between is no part of the cue
                if all(
                    (t.head.i == tok.i and t.dep_ not in ("nsubj", "nsubjpass")) or t.i == child.i
                    for t in between
                ):
                    start, end = min(start, child.idx), max(end, self._tok_end(child))
        medium = self._medium(tok, end)
        if medium is not None:
            end = medium
        head = tok.head
        if (
            tok.dep_ == "xcomp"
            and head.i < tok.i
            and head.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "aux" and c.lower_ == "to" and c.idx == start for c in tok.children)
            and all(t.head.i in (head.i, tok.i) for t in self.doc[head.i + 1 : tok.i])
            and self.in_quote[head.i] < 0
        ):
            # "went on to say", "continues to insist": PolNeAR's cue holds the governing verb
            start = min(start, self._cue_span(head)[0] if head.pos_ == "VERB" else head.idx)
        return start, end

    def _medium(self, verb: Token, end: int) -> int | None:
        """'said in a statement', 'wrote on Facebook': the medium right after the cue is part of
        it, as PolNeAR marks cues (the end of the phrase, or None)."""
        nxt = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        while nxt is not None and nxt.idx < end:
            nxt = self.doc[nxt.i + 1] if nxt.i + 1 < len(self.doc) else None
        if nxt is None or nxt.dep_ != "prep" or nxt.head.i != verb.i or nxt.lower_ not in ("in", "on"):
            return None
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lower_ not in _MEDIA:
            return None
        if any(c.dep_ not in ("acl", "ccomp", "relcl", "punct") for c in pobj.rights):
            return None  # "in a statement to supporters": a longer phrase, not the cue
        if self.in_quote[pobj.i] >= 0 or any(self.in_quote[t.i] >= 0 for t in self.doc[nxt.i : pobj.i]):
            return None
        return self._tok_end(pobj)

    def subject_of(self, verb: Token, depth: int = 0) -> Token | None:
        """The speaker's head token for a cue verb: its subject, or its governor's."""
        subj = self._subject_of(verb, depth)
        if depth == 0 and self.in_quote[verb.i] < 0 and (subj is None or self.in_quote[subj.i] >= 0):
            # a frame the parse tied into the quotation ('“…,” Ramos, 58, told AFP' read as a
            # conjunct of the quoted verb): the name after the closing mark speaks
            return self._named_after_quotation(verb) or subj
        if subj is not None:
            subj = self._past_dateline(subj)
        return subj

    def _past_dateline(self, subj: Token) -> Token:
        """ "MOSCOW (Reuters) - Russian President Vladimir Putin said": the parse may make the
        dateline the subject and the speaker its apposition after the dash."""
        for child in subj.rights:
            if child.dep_ != "appos" or child.left_edge.i < 1:
                continue
            dash = self.doc[child.left_edge.i - 1]
            if dash.text in DATELINE_DASHES and dash.whitespace_ and is_dateline(self.doc[subj.left_edge.i : dash.i]):
                return child
        return subj

    def _subject_of(self, verb: Token, depth: int = 0) -> Token | None:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            # Two subjects is a parse error (a dateline read as one): the nearest person wins.
            # A subject inside a quotation is a misparse of what was said ('“My dear Michael
            # Cohen,” the speaker says').
            subj = min(
                subjects,
                key=lambda c: (self.in_quote[c.i] >= 0, c.ent_type_ != "PERSON", abs(c.i - verb.i)),
            )
            if subj.lower_ == "that" and subj.tag_ == "WDT":
                # "a website that said ...", "the report that found ...": a thing, mostly, and
                # PolNeAR names neither it nor "that" as the source
                return None
            return subj
        after = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        if (
            after is not None
            and after.pos_ == "PROPN"
            and after.ent_type_ == "PERSON"
            and verb.i > 0
            and verb.tag_ in ("VBD", "VBZ")
            and lexicon.is_quote_cue(verb.lemma_)
            and (self.doc[verb.i - 1].is_quote or self.doc[verb.i - 1].text == ",")
            and self.in_quote[after.i] < 0
        ):
            # '"The risk," said Edward Leamer, ... "is that ..."': the parse hung the inverted
            # speaker on the quotation's verb; the name right after the cue is who spoke.
            name = after
            while name.dep_ == "compound" and name.head.i > name.i and name.head.pos_ == "PROPN":
                name = name.head
            if name.dep_ in ("nsubj", "dep", "appos", "npadvmod"):
                return name
        if (
            after is not None
            and verb.i > 0
            and verb.tag_ in ("VBD", "VBZ")
            and lexicon.is_quote_cue(verb.lemma_)
            and self.doc[verb.i - 1].is_quote
            and self.in_quote[self.doc[verb.i - 1].i] >= 0
        ):
            # '"...," tweeted a German user from Hanover', '"...," tweeted another': right after
            # the quotation, the inverted speaker read as the verb's object.
            obj = next(
                (
                    c
                    for c in verb.rights
                    if c.dep_ in ("dobj", "attr", "npadvmod", "dep", "oprd")
                    and c.left_edge.i == verb.i + 1
                    and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ")
                    and self.in_quote[c.i] < 0
                ),
                None,
            )
            if obj is not None and not any(
                c.dep_ == "ccomp" and self.in_quote[c.i] < 0 for c in verb.children
            ):
                return obj
        if verb.i > 0 and self.doc[verb.i - 1].is_quote and self.in_quote[verb.i - 1] >= 0:
            # '"…," said the woman, who did not want to be named': the parse made the inverted
            # speaker the subject of its own relative clause, hung on the verb
            for c in verb.children:
                inverted = self._inverted_speaker_clause(verb, c) if c.dep_ == "ccomp" else None
                if inverted is not None:
                    return inverted
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None and lexicon.is_quote_cue(verb.lemma_):
            # "was asked by host John Dickerson whether ...": the agent is the speaker
            by = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if by is not None and self.in_quote[by.i] < 0:
                return by
        if any(c.dep_ in ("nsubjpass", "expl") for c in verb.children):
            return None
        if depth < 3 and verb.head.i != verb.i and verb.dep_ in ("conj", "xcomp", "advcl"):
            purpose = (
                verb.tag_ == "VB"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                # "sent Jonah to warn them": the object speaks; "what happened ... to point out"
                and not any(c.dep_ in ("dobj", "dative") for c in verb.head.children)
                and not any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in verb.head.children)
            )
            if verb.dep_ == "advcl" and verb.tag_ != "VBG" and not purpose:
                # "tweeted on Friday to say ...": an infinitive of purpose is the subject's too
                return None
            head = verb.head
            if verb.dep_ == "conj" and head.dep_ == "ccomp" and lexicon.is_quote_cue(verb.lemma_):
                # "X said that the plan failed and called it ...": the parser hangs the second
                # reporting verb on the reported clause; its speaker is the first one's.
                return self.subject_of(head.head, depth + 1)
            if (
                verb.dep_ == "advcl"
                and verb.tag_ == "VBG"
                and head.dep_ == "ccomp"
                and lexicon.is_quote_cue(verb.lemma_)
                and lexicon.is_quote_cue(head.head.lemma_)
            ):
                # 'Trump told Newsmax that Romney "had a crazy policy," adding, "He lost ..."': the
                # parser hangs "adding" on the reported clause; the reporter of it adds.
                return self.subject_of(head.head, depth + 1)
            if (
                verb.dep_ == "conj"
                and not any(c.dep_ == "auxpass" for c in verb.children)
                and (shared := next((c for c in head.children if c.dep_ == "nsubjpass"), None)) is not None
                and shared.lower_ not in ("that", "which", "it")
            ):
                # "Mr. Trump was forced into damage control and said that ...": the passive
                # verb's subject is who does the active one after it
                return shared
            if (
                verb.dep_ == "conj"
                and head.dep_ in ("oprd", "acomp")
                and head.head.pos_ in ("VERB", "AUX")
                and head.head.i < head.i
            ):
                # 'He called it "shameful" and called on leaders ...': the parser hangs the second
                # verb on the first one's complement; both share the first one's subject
                return self.subject_of(head.head, depth + 1)
            if head.pos_ in ("VERB", "AUX"):
                return self.subject_of(head, depth + 1)
        if (
            depth < 3
            and verb.dep_ == "acl"
            and verb.tag_ == "VBG"
            and verb.head.dep_ == "dobj"
            and verb.head.lower_ in _ISSUED
            and verb.head.head.pos_ == "VERB"
        ):
            # "issued a statement saying ...": the issuer speaks
            return self.subject_of(verb.head.head, depth + 1)
        if (
            verb.dep_ == "acl"
            and verb.tag_ == "VBG"
            and verb.head.pos_ in ("NOUN", "PROPN")
            and verb.head.i < verb.i
            and self.in_quote[verb.head.i] < 0
            # "an email to supporters stating ...": whom something went to does not speak
            and not (verb.head.dep_ == "pobj" and verb.head.head.lower_ in ("to", "for"))
            and (
                verb.head.ent_type_ in ("PERSON", "ORG", "NORP")
                or verb.head.lemma_.lower() in ROLE_NOUNS
                or verb.head.lemma_.lower() in _PEOPLE
            )
        ):
            # "staff members suggesting someone should ...", "an item suggesting that ...": the
            # noun the participle describes is the one speaking
            return verb.head
        quoted = self._quoted_as_saying(verb)
        if quoted is not None:
            return quoted
        if depth < 3 and verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp":
            # "were more likely to say", "was quick to point out": the subject of the copula
            return self.subject_of(verb.head.head, depth + 1)
        if (
            depth < 3
            and verb.dep_ == "pcomp"
            and verb.tag_ == "VBG"
            and verb.head.dep_ == "prep"
            and verb.head.head.pos_ == "VERB"
            and (
                verb.head.lower_ in ("by", "after", "before", "while", "in")
                or (
                    # "shifting his focus to defeating Trump and admitting that ...", but not
                    # "when it comes to speaking about ..."
                    verb.head.lower_ == "to"
                    and not self._has_personal_object(verb.head.head)
                    and not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.head.head.children)
                )
            )
        ):
            # "rallied thousands by promising to impose tariffs": the gerund's speaker is the
            # subject of the verb it modifies.
            modified = verb.head.head
            if modified.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in modified.children):
                # "defended his position of not allowing Muslims to enter the US by citing a
                # poll": the parse hung "by" on an infinitive whose subject is someone's object;
                # the one citing is the subject of the finite verb above it.
                finite = self._finite_ancestor(modified)
                if finite is None:
                    return None
                modified = finite
            return self.subject_of(modified, depth + 1)
        return (
            self._root_noun_speaker(verb) or self._stranded_subject(verb) or self._named_after_quotation(verb)
        )

    def _framed_quotation(self, verb: Token, comps: list[Token]) -> Token | None:
        """Of several clauses the parse hung on a verb, the quotation it closes a classic frame
        of ('“…,” Mr. Obama told the lawmakers and millions watching at home who ...')."""
        for c in comps:
            k = self.in_quote[c.i]
            if c.i < verb.i and k >= 0 and self._speaker_after(self.regions[k], verb, names_only=False):
                return c
        return None

    def _named_after_quotation(self, verb: Token) -> Token | None:
        """'“We were wrong,” Ramos, 58, told AFP': the parse tied the name right after the
        closing mark to the quotation (as a conjunct or compound), leaving the frame's verb
        without a subject. By the text, that name (or he, she, they) is who spoke."""
        if verb.pos_ != "VERB" or any(
            c.dep_ in ("nsubj", "nsubjpass") and self.in_quote[c.i] < 0 for c in verb.children
        ):
            return None
        r = self._closing_before(verb.idx)
        if r is None:
            return None
        inner = self.text[r.inner_start : r.inner_end].rstrip()
        gap = self.text[r.end : verb.idx]
        if inner[-1:] not in (",", "!", "?") or "\n" in gap:
            return None
        if not (_NAME_AND_APPOSITION.match(gap) or _NAME_THEN_APPOSITION.match(gap)):
            return None
        words = self.doc.char_span(r.end, verb.idx, alignment_mode="contract")
        names = [t for t in words or [] if not t.is_punct]
        if not names:
            return None
        first = names[0]
        if first.lower_ in ("he", "she", "they"):
            return first
        if first.pos_ != "PROPN" and first.ent_type_ != "PERSON":
            return None
        last = first
        while last.i + 1 < verb.i and self.doc[last.i + 1].pos_ == "PROPN":
            last = self.doc[last.i + 1]
        return last

    def _quoted_as_saying(self, verb: Token) -> Token | None:
        """'TASS quoted Putin as saying ...', 'Peskov was quoted by Interfax as saying ...': the
        one quoted speaks; whoever quoted them (the agency) only reports it."""
        if (
            verb.dep_ != "pcomp"
            or verb.head.lower_ != "as"
            or verb.head.head.lemma_.lower() not in ("quote", "cite")
        ):
            return None
        if verb.lemma_.lower() not in (
            "say",
            "tell",
            "write",
            "add",
            "warn",
            "insist",
            "claim",
            "argue",
            "describe",
        ):
            return None  # "cited a memo as pointing toward China": the memo is cited, not quoted
        quoting = verb.head.head
        dep = "nsubjpass" if any(c.dep_ == "auxpass" for c in quoting.children) else "dobj"
        return next((c for c in quoting.children if c.dep_ == dep), None)

    def _root_noun_speaker(self, verb: Token) -> Token | None:
        """'“…!” the presumptive GOP nominee, Donald Trump, tweeted Sunday': after a quotation
        the parser may read its frame as a noun phrase (the sentence's root) with the cue as a
        participle on it. The noun is then who spoke."""
        noun = verb.head
        if (
            verb.dep_ != "acl"
            or verb.tag_ not in ("VBD", "VBN", "VBZ")
            or noun.dep_ != "ROOT"
            or noun.pos_ not in ("NOUN", "PROPN")
            or noun.i > verb.i
            or not lexicon.is_quote_cue(verb.lemma_)
        ):
            return None
        first = noun.left_edge.i
        if first == 0 or not self.doc[first - 1].is_quote or self.in_quote[first - 1] < 0:
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in self.doc[noun.i + 1 : verb.i]):
            return None
        return noun

    def _stranded_subject(self, verb: Token) -> Token | None:
        """'Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said ...':
        after an opening phrase the parser may hang the speaker's name inside that phrase and
        leave the finite cue without a subject. The name standing right before the cue (an
        apposition between) is then its subject."""
        if verb.dep_ != "ROOT" or verb.tag_ not in ("VBD", "VBZ") or not lexicon.is_quote_cue(verb.lemma_):
            return None
        sent = verb.sent
        names = [
            e for e in self.doc.ents if e.label_ == "PERSON" and sent.start <= e.start and e.end <= verb.i
        ]
        if not names:
            return None
        name = names[-1]
        between = self.doc[name.end : verb.i]
        if any(self.in_quote[t.i] >= 0 for t in between):
            return None
        words = [t for t in between if not t.is_punct]
        # nothing between, or an apposition set off by commas ("…, the minority leader,")
        if words and not (
            between[0].text == ","
            and between[-1].text == ","
            and not any(t.pos_ in ("VERB", "AUX") for t in words)
            and len(words) <= 8
        ):
            return None
        return name.root

    def _has_personal_object(self, verb: Token) -> bool:
        """Whether a verb's object is someone ('accused him of lying', 'thanked Obama for
        saying'), who is then the one a gerund after it speaks of, not its subject."""
        for c in verb.children:
            if c.dep_ not in ("dobj", "dative"):
                continue
            if (
                c.pos_ in ("PRON", "PROPN")
                or c.ent_type_ in ("PERSON", "ORG", "NORP")
                or c.lemma_.lower() in ROLE_NOUNS
                or c.lemma_.lower() in _PEOPLE
            ):
                return True
        return False

    def _finite_ancestor(self, tok: Token) -> Token | None:
        """The nearest finite verb (past or present tense) governing ``tok``, within its sentence."""
        node = tok
        for _ in range(8):
            if node.head.i == node.i:
                return None
            node = node.head
            if node.pos_ in ("VERB", "AUX") and node.tag_ in ("VBD", "VBZ", "VBP"):
                return node
        return None

    def _before_coordinated_cue(self, top: Token, first: int) -> Token | None:
        """'called it "shameful" and called on leaders ...': a reporting verb the parser
        coordinated inside a stated object's complement starts a report of its own. The last word
        before it (and its "and"), or None when there is none."""
        for t in top.subtree:
            if (
                t.i > first + 1
                and t.dep_ == "conj"
                and t.pos_ == "VERB"
                and lexicon.is_quote_cue(t.lemma_)
                and any(g.dep_ in ("ccomp", "oprd", "xcomp") or self.in_quote[g.i] >= 0 for g in t.children)
            ):
                cut = t.left_edge.i
                while cut - 1 > first and (self.doc[cut - 1].dep_ == "cc" or self.doc[cut - 1].is_punct):
                    cut -= 1
                if cut - 1 > first:
                    return self.doc[cut - 1]
        return None

    def _clause_span(self, comp: Token) -> tuple[int, int]:
        """A reported clause's span, without a trailing comma-separated participle or "when"
        clause that is the reporter's comment ("..., saying it set a benchmark")."""
        last = comp.right_edge
        for child in comp.rights:
            # "... that X and said Y": a coordinated reporting verb starts a report of its own.
            if (
                child.dep_ == "conj"
                and child.pos_ == "VERB"
                and lexicon.is_quote_cue(child.lemma_)
                and any(g.dep_ in ("ccomp", "oprd") or self.in_quote[g.i] >= 0 for g in child.children)
            ):
                cc = [t for t in comp.rights if t.dep_ == "cc" and t.i < child.i]
                cut = cc[-1].i if cc else child.left_edge.i
                if cut - 1 > comp.left_edge.i:
                    last = self.doc[cut - 1]
                    while last.i > comp.left_edge.i and (last.is_punct or last.is_space):
                        last = self.doc[last.i - 1]
                    return self._trim(comp.left_edge.idx, self._tok_end(last))
        for child in reversed(list(comp.rights)):
            prev = self.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
            # 'things "should be wrapped up by Cleveland," referring to ...': the comma sits
            # inside the closing mark, which stays with the content.
            closing = (
                prev is not None
                and prev.is_quote
                and prev.i > 0
                and self.doc[prev.i - 1].text == ","
                and self.in_quote[prev.i] >= 0
            )
            if prev is None or (prev.text != "," and not closing):
                break
            if child.dep_ in _TRAILING and (
                child.tag_ in ("VBG", "VBN") or child.left_edge.lower_ in ("when", "as")
            ):
                last = prev if closing else self.doc[prev.i - 1]
                continue
            break
        # ", which raised concerns ...": a non-restrictive relative clause closing the content
        # is the reporter's comment on it.
        for t in self.doc[comp.left_edge.i + 1 : last.i + 1]:
            if (
                t.lower_ in ("which", "who")
                and self.doc[t.i - 1].text == ","
                and t.head.dep_ == "relcl"
                and t.head.right_edge.i >= last.i
                and t.i - 1 > comp.i
            ):
                last = self.doc[t.i - 2]
                break
        return self._trim(comp.left_edge.idx, self._tok_end(last))

    def _complements(self, verb: Token) -> list[Token]:
        """The clauses a verb reports, without two kinds the parser mistakes for them: a clause
        a conjunction of time or cause opens ('Spencer said, as a few fighters worked out'),
        and, after an inverted frame, the speaker's own relative clause ('“…,” said Robert
        Reich, who served as labor secretary yet endorsed Sanders')."""
        out = []
        for c in verb.children:
            if c.dep_ != "ccomp" or _adverbial(c):
                continue
            if self._inverted_speaker_clause(verb, c) is not None:
                continue
            out.append(c)
        return out

    def _inverted_speaker_clause(self, verb: Token, clause: Token) -> Token | None:
        """The inverted speaker whose own relative clause the parse hung on a frame's verb as
        its complement ('“…,” said the woman, who did not want to be named'): the subject of
        that clause, right after the verb, set off by a comma."""
        subj = next((s for s in clause.children if s.dep_ == "nsubj"), None)
        if (
            clause.i > verb.i
            and subj is not None
            and subj.pos_ in ("PROPN", "NOUN")
            and verb.tag_ in ("VBD", "VBZ")
            and subj.left_edge.i == verb.i + 1
            and subj.i + 1 < len(self.doc)
            and self.doc[subj.i + 1].text == ","
            and verb.i > 0
            and self.doc[verb.i - 1].is_quote
            and self.in_quote[verb.i - 1] >= 0
        ):
            return subj
        return None

    def _aside_end(self, verb: Token, end: int) -> int:
        """'Trump - who previously said he would "bomb" oil fields - said at a rally ...': a
        report inside an aside set off by dashes ends at the closing dash."""
        if verb.dep_ != "relcl" or verb.left_edge.i == 0:
            return end
        opening = self.doc[verb.left_edge.i - 1]
        if opening.text not in _DASHES or not opening.whitespace_:
            return end
        for t in self.doc[verb.i + 1 :]:
            if t.idx >= end:
                break
            if t.text in _DASHES and t.whitespace_ and self.in_quote[t.i] < 0:
                return self._trim(verb.idx, t.idx)[1]
        return end

    def _subject_read_as_object(self, verb: Token, comp: Token, start: int) -> int:
        """'Clinton promised her entire program would be paid for ...': the parser may read the
        clause's subject as the verb's object and leave the clause without one. A thing (not
        someone told) right before a subjectless clause is where what was said starts."""
        if comp.i < verb.i or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children):
            return start
        gerund = self._gerund_subject(verb)
        if gerund is not None:
            # "saying calling the Islamic State by another name will do nothing"
            return gerund.left_edge.idx
        obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < comp.i), None)
        if (
            obj is None
            or obj.right_edge.i + 1 != comp.left_edge.i
            or obj.pos_ != "NOUN"
            or obj.ent_type_ in ("PERSON", "NORP", "ORG")
            or obj.lemma_.lower() in _PEOPLE
            or obj.lemma_.lower() in ROLE_NOUNS
            or self.in_quote[obj.i] >= 0
        ):
            return start
        return obj.left_edge.idx

    def _gerund_subject(self, verb: Token) -> Token | None:
        """A gerund the parser hung on a reporting verb as its complement although it is the
        subject of the clause right after it ('saying calling the Islamic State by another
        name will do nothing'): what was said starts at the gerund, which reports nothing."""
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        gerund = next(
            (c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None
        )
        if (
            comp is None
            or gerund is None
            or gerund.right_edge.i + 1 != comp.left_edge.i
            or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children)
        ):
            return None
        return gerund

    def _after_colon_intro(self, start: int, end: int) -> int:
        """Where a clause reported by a cue after it starts, when the clause ends with a
        quotation opened after a colon: 'Trump seemed to suggest he had silenced her: “She
        signed an agreement,” he told the Times' reports the quotation, not the clause that
        introduced it (the parse hangs both on the cue)."""
        for r in self.regions:
            if start < r.start and r.inner_start < end <= r.end:
                lead = self.text[start : r.start].rstrip()
                if lead.endswith(":"):
                    return self._quoted(r)[0]
                if lead.endswith(",") and self._framed_by_lead(start, r):
                    # 'Biden weighed in, telling Mic in an interview, “But gosh, they’re both
                    # qualified,” he said': a lead-in that itself frames the quotation
                    return self._quoted(r)[0]
                break
        return start

    def _framed_by_lead(self, start: int, r: QuoteRegion) -> bool:
        span = self.doc.char_span(start, r.start, alignment_mode="contract")
        return span is not None and any(
            t.pos_ == "VERB"
            and t.dep_ in ("advcl", "conj", "ROOT")  # not "her eagerness to defend the policies,"
            and lexicon.is_quote_cue(t.lemma_)
            and self._phrase_ends_at(r, t)
            for t in span
        )

    def _detached_that_clause(self, verb: Token) -> Token | None:
        """'predicted at the last debate that Republicans will win', 'posted on Twitter Friday
        that ...': a that-clause the parse hung on the setting between the cue and it. It is the
        report when "that" is its complementizer (not a relative pronoun filling a gap) and only
        the cue's setting phrases stand between."""
        addressee = verb.lemma_.lower() in ("tell", "remind", "assure", "inform", "warn", "promise")
        if any(c.dep_ == "xcomp" or (c.dep_ == "dobj" and not addressee) for c in verb.children):
            return None
        # "told reporters Tuesday that ...": whom a verb of telling addresses is a setting too
        kinds = ("prep", "npadvmod", "dobj", "dative") if addressee else ("prep", "npadvmod")
        settings = [c for c in verb.rights if c.dep_ in kinds]
        if not settings:
            return None
        end = max(c.right_edge.i for c in settings)
        for t in self.doc[verb.i + 1 : min(end + 1, verb.i + 16)]:
            if t.lower_ != "that" or t.dep_ != "mark" or self.in_quote[t.i] >= 0:
                continue
            clause = t.head
            if clause.dep_ not in ("relcl", "ccomp", "advcl") or clause.left_edge.i != t.i:
                return None
            if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
                return None
            between = self.doc[verb.i + 1 : t.i]
            if any(tok.is_punct and tok.text != "'s" for tok in between):
                return None
            return clause
        return None

    def _same_speaker(self, inner: Token | None, outer: Token | None) -> bool:
        """Whether a nested report's subject can only be the outer speaker again: no subject,
        a third-person pronoun, or the same head word."""
        if inner is None:
            return True
        if inner.lower_ in ("he", "she", "they", "i", "we", "who"):
            return True
        return outer is not None and inner.lower_ == outer.lower_

    def _region_tokens(self, k: int) -> list[Token]:
        r = self.regions[k]
        return [
            t for t in self.doc.char_span(r.start, r.end, alignment_mode="expand") or [] if not t.is_quote
        ]

    # -- pass 1: clausal reports ---------------------------------------------------------------
    def clausal_reports(self) -> list[Found]:
        found: list[Found] = []
        for tok in self.toks:
            if self.in_quote[tok.i] >= 0:
                continue
            if self._idiom(tok):
                continue
            if tok.pos_ in ("VERB", "AUX") and lexicon.is_clause_cue(tok.lemma_):
                named = self._naming_after_subject(tok)
                if named is not None:
                    found.append(named)
                    continue
                comps = self._complements(tok)
                if len(comps) > 1:
                    # 'asked the Cleveland crowd "If ..., why ...?"': a noun the parse read as a
                    # second clause ("crowd") is no clause; the one with a verb is
                    comps = [c for c in comps if any(t.pos_ in ("VERB", "AUX") for t in c.subtree)] or comps
                if any(c.dep_ == "oprd" for c in tok.children):
                    # "..., he called her "weak"": a verb that names its object reports what it
                    # named, not a clause the parser hung before it
                    comps = [c for c in comps if c.i > tok.i]
                # Two complements is a parse error (a long speaker read as a clause): the one after
                # the verb is what was said.
                # Both before it: the nearer is what the verb frames ('X: “…,” he told the Times').
                comp = (
                    self._framed_quotation(tok, comps)
                    or next((c for c in comps if c.i > tok.i), None)
                    or max(comps, key=lambda c: c.i)
                    if len(comps) > 1
                    else None
                )
                comp = comp or (comps[0] if comps else None) or self._detached_that_clause(tok)
                # a reported clause the parser hung elsewhere: under a gerund, or as the cue's head
                misparsed = (
                    (self._gerund_clause(tok) or self._told_clause_as_head(tok)) if comp is None else None
                )
                if misparsed is not None:
                    found.append(Found("indirect", misparsed, self._cue_span(tok), self.subject_of(tok)))
                    continue
                if comp is None or not any(t.pos_ in ("VERB", "AUX") for t in comp.subtree):
                    parenthetical = self._as_clause(tok) or self._parenthetical(tok)
                    trailing = self._trailing_frame(tok) if parenthetical is None else None
                    if parenthetical is not None:
                        found.append(
                            Found("indirect", parenthetical, self._cue_span(tok), self.subject_of(tok))
                        )
                    elif trailing is not None:
                        content, speaker = trailing
                        found.append(Found("indirect", content, self._cue_span(tok), speaker))
                    else:
                        found.extend(
                            self._stated_object(tok) or self._prepositional_report(tok) or self._stance(tok)
                        )
                    continue
                start, end = self._clause_span(comp)
                start = self._subject_read_as_object(tok, comp, start)
                end = self._aside_end(tok, end)
                relative = self._relative_report(tok, comp, start)
                if relative is not None:
                    start = relative
                elif tok.idx >= start and tok.idx < end:
                    continue
                cue = self._cue_span(tok)
                if cue[0] <= start < cue[1]:
                    start, end = self._trim(cue[1], end)
                end = self._with_coordinated_clause(tok, comp, end)
                subject = self.subject_of(tok)
                if subject is not None and start <= subject.idx < end <= cue[0]:
                    # "…, Patrick F. Kennedy, the undersecretary, wrote": the parse took the
                    # speaker into the clause before the cue; what was said ends before the name
                    first = subject.i  # the name starts at its entity's first token
                    while first > 0 and subject.ent_iob_ == "I" and self.doc[first].ent_iob_ == "I":
                        first -= 1
                    start, end = self._trim(start, self.doc[first].idx)
                    while end > start and self.text[end - 1] in ",;:\u2014-":
                        start, end = self._trim(start, end - 1)
                    if end <= start:
                        continue
                if end <= cue[0]:
                    start = self._after_colon_intro(start, end)
                if subject is None and end <= cue[0] and self.in_quote[comp.i] < 0:
                    # "Jeffrey Salkin, a rabbi helping to organize the boycott, said he ...": a
                    # clause before a subjectless cue is its misparsed speaker, not a report.
                    continue
                if self._wished_on_someone(tok):
                    continue
                if comp.i > tok.i and self._frames_quotation_before(tok):
                    # '“What does that mean?” Mr. Trump asked, repeating a broadside - that ...':
                    # the verb frames the quotation; the parse's clause after it is not its report
                    continue
                if (end <= cue[0] and "\n" in self.text[end : cue[0]]) or (
                    start >= cue[1] and "\n" in self.text[cue[1] : start]
                ):
                    continue  # a clause on another line, joined to the cue only by the parse
                if end <= cue[0] and ";" in self.text[end : cue[0]]:
                    # "... will not take a step back; they continue to escalate": a clause of its
                    # own before a semicolon is no report of the verb after it.
                    continue
                if end > cue[1]:
                    end = self._quotation_after(end, tok, sentences=True)
                found.append(Found("indirect", (start, end), cue, subject))
            elif tok.pos_ == "VERB" and tok.tag_ != "VB" and tok.lemma_.lower() in _OBJECT_REPORTING:
                # "defended his record", "condemned the attack": reported by the object even
                # when the verb takes no clause
                found.extend(self._stated_object(tok) or self._prepositional_report(tok) or self._stance(tok))
            elif tok.pos_ == "VERB" and lexicon.takes_prepositional_report(tok.lemma_):
                found.extend(self._prepositional_report(tok) or self._stance(tok))
            elif tok.lower_ == "according":
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                if to is None or pobj is None:
                    continue
                according = self._according_content(tok)
                if according is not None:
                    found.append(Found("indirect", according, (tok.idx, self._tok_end(to)), pobj))
            elif (
                tok.lower_ == "in"
                and tok.dep_ == "prep"
                and (pobj := next((c for c in tok.children if c.dep_ == "pobj"), None)) is not None
                and pobj.lemma_.lower() in ("poll", "survey")
                and (tok.i == tok.sent.start or self.doc[tok.i - 1].text == ",")
                and self.doc[pobj.right_edge.i + 1 : pobj.right_edge.i + 2].text == ","
            ):
                # "In the latest Quinnipiac poll, 40 percent of voters back Sanders": what a poll
                # found, as "according to the poll".
                in_poll = self._according_content(tok)
                if in_poll is not None:
                    found.append(Found("indirect", in_poll, (tok.idx, self._tok_end(tok)), pobj))
            elif tok.pos_ == "NOUN" and lexicon.is_noun_cue(tok.lemma_):
                comp = next(
                    (c for c in tok.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")),
                    None,
                )
                if comp is None or not any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children):
                    continue
                poss = next((c for c in tok.children if c.dep_ == "poss"), None)
                start, end = self._trim(comp.left_edge.idx, self._tok_end(comp.right_edge))
                verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else None
                if verb is not None and verb.pos_ == "VERB" and lexicon.is_quote_cue(verb.lemma_):
                    # "Weaver said in a statement that ...": the parse hangs the clause on the
                    # medium; the speaker is the verb's and the cue "said in a statement".
                    found.append(Found("indirect", (start, end), self._cue_span(verb), self.subject_of(verb)))
                    continue
                if poss is None and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
                    # "He expressed confidence that ...": the one who voiced it
                    poss = self.subject_of(tok.head)
                found.append(Found("indirect", (start, end), self._cue_span(tok), poss))
            elif tok.pos_ in ("VERB", "NOUN", "ADJ"):
                # ("according" is a verb too: the stances come after every branch above)
                found.extend(self._stance(tok))
        for f in found:
            # A reported clause lies in its cue's paragraph, whatever the parse joined.
            f.para = self.para_of(f.cue[0] if f.cue else f.content[0])
            ps, pe = self.paras[f.para] if self.paras else (0, len(self.text))
            s, e = f.content
            f.content = self._trim(max(s, ps), min(e, pe))
        return [f for f in found if f.content[1] > f.content[0]]

    def _frames(self, verb: Token) -> bool:
        """Whether a verb can frame a quotation: a quote cue, with the particle some need
        ("shot back", not "three people were shot")."""
        lemma = verb.lemma_.lower()
        if not lexicon.is_quote_cue(lemma):
            return False
        particle = _CUE_PARTICLES.get(lemma)
        return particle is None or any(
            c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in verb.children
        )

    def _wished_on_someone(self, verb: Token) -> bool:
        """'she wants voters to know that she's with them', 'Sanders wants voters to recall
        that ...': what someone wants others to know or say is neither theirs nor said."""
        head = verb.head
        return (
            verb.dep_ in ("xcomp", "ccomp")
            and verb.tag_ == "VB"
            and head.lemma_.lower() in ("want", "need", "expect", "urge", "encourage", "wish", "like", "love")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and any(
                c.dep_ in ("dobj", "nsubj") and c.i > head.i and c.i < verb.i
                for c in [*head.children, *verb.children]
            )
        )

    def _idiom(self, verb: Token) -> bool:
        """A verb of saying that reports nothing: a discourse idiom ("That said, ...", "Having
        said that", "Needless to say")."""
        lemma = verb.lemma_.lower()
        if lemma == "say" and verb.pos_ == "VERB":
            before = self.text[verb.sent.start_char : verb.idx].strip().lower()
            after = self.text[verb.idx + len(verb.text) : verb.idx + len(verb.text) + 2]
            if before in (
                "that",
                "that being",
                "having",
                "needless to",
                "suffice it to",
                "sad to",
                "so to",
            ) and (after.startswith(",") or before in ("needless to", "suffice it to")):
                return True
        return False

    def _naming_after_subject(self, verb: Token) -> Found | None:
        """'One lawmaker called Trump "the orange prince ..."': the parser reads a naming verb
        after its subject as a participle on it ('a group called "X"'), leaving its clause
        without a finite verb. When a quotation follows in that clause, the noun is the speaker
        and the rest of the clause what was said."""
        clause = naming_verb_as_main(verb, self.in_quote)
        if clause is None:
            return None
        start, end = self._trim(self._tok_end(verb), clause.end_char)
        while end > start and self.text[end - 1] in ";,":
            start, end = self._trim(start, end - 1)
        if end - start < 3:
            return None
        return Found("indirect", (start, end), self._cue_span(verb), verb.head)

    def _with_coordinated_clause(self, verb: Token, comp: Token, end: int) -> int:
        """'X said [the plan failed], but [the judge refused]': the parser hangs the second
        clause on the cue; it goes on with what was said when it has a subject of its own and no
        reporting verb, in the cue's sentence."""
        if comp.i < verb.i:
            return end
        for conj in verb.rights:
            if conj.i < comp.i:
                continue
            if self.in_quote[conj.i] >= 0:
                # 'said he had received offers, but “the offers were to use the gun ...”': what
                # was said goes on in quotation marks after the conjunction
                r = self.regions[self.in_quote[conj.i]]
                if (
                    conj.dep_ == "conj"
                    and r.start >= end
                    and re.fullmatch(r"\s*,?\s*(but|and|yet)\s*", self.text[end : r.start])
                    and conj.sent.start == verb.sent.start
                ):
                    return r.end
                continue
            # 'that polls could be "way off," and have been unreliable', 'is ready to "take on
            # the cartel," secure the border': a closing mark misleads the parser into hanging the
            # rest of what was said on the cue, as a verb of its own without a subject
            after_mark = (
                (
                    conj.dep_ in ("conj", "ccomp")
                    or (
                        conj.dep_ == "advcl"
                        and conj.tag_ in ("VB", "VBP", "VBZ", "VBD")
                        and not any(c.dep_ == "mark" for c in conj.children)  # "although he ..."
                    )
                )
                and bool(
                    re.fullmatch(
                        r"\s*(,\s*[\"\u201d]|[\"\u201d]\s*,)\s*(and\s+|but\s+)?",
                        self.text[end : conj.left_edge.idx],
                    )
                )
            )
            if conj.dep_ != "conj" and not after_mark:
                continue
            if lexicon.is_quote_cue(conj.lemma_) or lexicon.is_clause_cue(conj.lemma_):
                return end
            if conj.sent.start != verb.sent.start:
                return end
            if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
                if after_mark and conj.tag_ != "VBG":
                    return max(end, self._tok_end(conj.right_edge))
                return end
            return max(end, self._tok_end(conj.right_edge))
        return end

    def _relative_word(self, verb: Token) -> Token | None:
        """The relative word ("which", "who", "what") just before a cue's subject, if any."""
        subj = self.subject_of(verb)
        if subj is None or subj.head.i != verb.i or subj.i > verb.i or subj.left_edge.i == 0:
            return None
        rel = self.doc[subj.left_edge.i - 1]
        if rel.tag_ not in ("WDT", "WP") or self.in_quote[rel.i] >= 0:
            return None
        return rel

    def _relative_report(self, verb: Token, comp: Token, start: int) -> int | None:
        """Where a report inside a relative clause starts ("the vote, which she has said was a
        mistake", "what he said is growing demand", "the job that economists say is the
        future"): at the relative word, which the report's clause takes up, so the content holds
        the cue (as PolNeAR marks it); None when the report is no such clause."""
        subj = self.subject_of(verb)
        if subj is None or subj.head.i != verb.i or subj.i > verb.i or comp.i < verb.i:
            return None
        first = subj.left_edge.i
        if first == 0:
            return None
        rel = self.doc[first - 1]
        if rel.tag_ not in ("WDT", "WP") and not (rel.lower_ == "that" and verb.dep_ == "relcl"):
            return None
        taken_up = rel.i in {t.i for t in comp.subtree} or (rel.head.i == verb.i and verb.dep_ == "relcl")
        if self.in_quote[rel.i] >= 0 or not taken_up:
            return None  # "in which he said ...": the relative word is no part of what was said
        return rel.idx

    def _parenthetical(self, verb: Token) -> tuple[int, int] | None:
        """ "Recently, he said, he has realized ...": a cue set off by commas inside the clause it
        reports; the content is that whole sentence (the annotation convention of PolNeAR)."""
        if verb.dep_ not in ("parataxis", "ROOT") or any(
            c.dep_ in ("dobj", "xcomp", "advcl") for c in verb.children
        ):
            return None
        subj = self.subject_of(verb)
        if subj is None or subj.head.i != verb.i:
            return None
        first = min(subj.left_edge.i, verb.i)
        last = verb.i
        before = self.doc[first - 1] if first > 0 else None
        after = self.doc[last + 1] if last + 1 < len(self.doc) else None
        if before is None or after is None or before.text != "," or after.text != ",":
            return None
        sent = verb.sent
        if "\n" in self.text[sent.start_char : sent.end_char].strip():
            return None
        words = [t for t in sent if not t.is_space]
        if sum(t.is_alpha for t in words) < 6:
            return None
        return self._trim(words[0].idx, self._tok_end(words[-1]))

    def findings(self) -> list[Found]:
        """ "A Quinnipiac poll this month found Mr. Trump about even with Mrs. Clinton", "recent
        polls show that has reversed", "..., the poll found.": what a poll, study, report or
        record (or researchers) found, reported as "according to the poll" is; the content is
        the clause, or the object with what is said of it."""
        found: list[Found] = []
        for tok in self.toks:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in _FINDING_VERBS or self.in_quote[tok.i] >= 0:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or self.in_quote[subj.i] >= 0:
                continue
            lemma = subj.lemma_.lower()
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            # "Fox found that ...", but not "Sanders found a receptive audience"
            found_by_org = subj.ent_type_ == "ORG" and tok.lemma_.lower() == "find" and comp is not None
            if lemma not in lexicon.DOCUMENT_NOUNS and lemma not in _FINDERS and not found_by_org:
                continue
            trailing = self._trailing_frame(tok) if comp is None else None
            # What a poll shows runs on to the end of its sentence ("Trump leading Cruz
            # nationally, 45 percent to 18 percent, among white evangelical voters").
            words = [t for t in tok.sent if t.i > tok.i and not (t.is_punct or t.is_space)]
            sentence_end = self._tok_end(words[-1]) if words else self._tok_end(tok)
            if any(
                t.lower_ == "according" or (t.pos_ == "VERB" and lexicon.is_clause_cue(t.lemma_))
                for t in words
            ):
                sentence_end = 0  # "..., the group said", "..., according to ...": another frame
            if trailing is not None:
                content = trailing[0]  # "..., the poll found."
            elif comp is not None and comp.i < tok.i:
                content = self._clause_span(comp)
            elif comp is not None:
                content = self._trim(comp.left_edge.idx, max(sentence_end, self._tok_end(comp.right_edge)))
            else:
                objs = [
                    c
                    for c in tok.rights
                    if c.dep_ in ("dobj", "oprd", "xcomp", "advmod", "ccomp", "npadvmod")
                ]
                if not objs or objs[0].dep_ not in ("dobj", "ccomp", "xcomp") or objs[0].is_punct:
                    continue
                content = self._trim(
                    objs[0].left_edge.idx, max(sentence_end, self._tok_end(objs[0].right_edge))
                )
            if len(self.text[content[0] : content[1]].split()) < 2:
                continue
            found.append(Found("indirect", content, self._cue_span(tok), subj))
        for f in found:
            f.para = self.para_of(f.cue[0] if f.cue else f.content[0])
            ps, pe = self.paras[f.para] if self.paras else (0, len(self.text))
            f.content = self._trim(max(f.content[0], ps), min(f.content[1], pe))
        return [f for f in found if f.content[1] > f.content[0]]

    def _as_clause(self, verb: Token) -> tuple[int, int] | None:
        """ "As The Hill reported, Donald Trump was also accused ...", "..., as Comey noted": the
        clause the "as" frame is set off from is what was reported."""
        if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            return None
        # Only a verb of speech with nothing of its own to report ("As he considered a run",
        # "As Trump lamented illegal immigration" are no such frames).
        if not lexicon.is_quote_cue(verb.lemma_) or verb.lemma_.lower() in lexicon.BELIEF_VERBS:
            return None
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "dative") for c in verb.children):
            return None
        head = verb.head
        if head.pos_ not in ("VERB", "AUX") or self.in_quote[head.i] >= 0 or self.subject_of(verb) is None:
            return None
        frame = {t.i for t in verb.subtree}
        sent = verb.sent
        if verb.i < head.i:
            last = verb.right_edge
            after = [t for t in self.doc[last.i + 1 : sent.end] if not t.is_space]
            if last.text != ",":
                if not after or after[0].text != ",":
                    return None
                after = after[1:]
            words = [t for t in after if t.i not in frame and t.i <= head.right_edge.i]
        else:
            before = self.doc[verb.left_edge.i - 1] if verb.left_edge.i > sent.start else None
            if before is None or before.text != ",":
                return None
            words = [t for t in self.doc[head.left_edge.i : before.i] if not t.is_space]
            words = self._without_connective(words)
        while words and (words[-1].is_punct or words[-1].is_space):
            words.pop()
        while words and (words[0].is_punct or words[0].dep_ == "cc"):
            words.pop(0)
        if sum(t.is_alpha for t in words) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in words):
            return None
        start, end = self._trim(words[0].idx, self._tok_end(words[-1]))
        if "\n" in self.text[start:end]:
            return None
        return start, end

    def _told_clause_as_head(self, verb: Token) -> tuple[int, int] | None:
        """ "after Trump told The Washington Post he was "not quite there yet"": the parser makes
        the told clause the head of the verb of telling; the clause right after the addressee,
        with a subject of its own, is what was told."""
        if verb.lemma_.lower() not in ("tell", "assure", "inform", "remind", "warn"):
            return None
        if verb.dep_ != "advcl" or verb.head.i < verb.i or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        if not any(c.dep_ in ("dobj", "dative") for c in verb.children):
            return None
        head = verb.head
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.left_edge.i != verb.right_edge.i + 1 or self.in_quote[subj.i] >= 0:
            return None
        if self.subject_of(verb) is None:
            return None
        last = head.right_edge
        # ", who will face a challenger": a comment of the reporter's closing the sentence
        for t in self.doc[subj.i : last.i + 1]:
            if t.text == "," and t.i + 1 <= last.i and self.doc[t.i + 1].tag_ in ("WP", "WDT"):
                last = self.doc[t.i - 1]
                break
        return self._trim(subj.left_edge.idx, self._tok_end(last))

    def _gerund_clause(self, verb: Token) -> tuple[int, int] | None:
        """ "He said legalizing it could put thousands to work": the parser reads the gerund
        subject of the reported clause as the cue's object complement (xcomp) and hangs the
        clause's verb under it; the gerund's whole phrase is what was said."""
        ger = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
        if ger is None or ger.tag_ != "VBG" or ger.i != verb.i + 1 or self.in_quote[ger.i] >= 0:
            return None
        if not any(c.dep_ == "ccomp" and c.i > ger.i and c.pos_ in ("VERB", "AUX") for c in ger.children):
            return None
        if self.subject_of(verb) is None:
            return None
        return self._trim(ger.idx, self._tok_end(ger.right_edge))

    def _trailing_frame(self, verb: Token) -> tuple[tuple[int, int], Token] | None:
        """ "The Internet has made it possible ..., she said." and "The rejection signals the
        end, said Geert Wilders": a frame closing its sentence after a comma reports everything
        before it, however the parser hung the frame (often as an adverbial clause of the
        reported verb, or with the reported clause's subject as a second subject)."""
        # (a relative clause without a relative word after a comma, "... view of Trump, the poll
        # found.", is such a frame misread)
        if verb.dep_ not in ("ROOT", "advcl", "parataxis", "conj", "ccomp", "relcl"):
            return None
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative") and c.i > verb.i for c in verb.children):
            return None
        sent = verb.sent
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        after = [c for c in subjects if c.i > verb.i]
        before = [c for c in subjects if c.i < verb.i]
        if after:  # inverted: "..., said Geert Wilders, founder of ..."
            speaker = after[0]
            frame_start = verb.i
            while frame_start > sent.start and self.doc[frame_start - 1].dep_ in ("aux", "advmod"):
                frame_start -= 1
        elif (
            before
            and before[-1].right_edge.i == verb.i - 1
            or (
                before
                and all(t.dep_ in ("aux", "advmod") for t in self.doc[before[-1].right_edge.i + 1 : verb.i])
            )
        ):
            speaker = before[-1]
            frame_start = speaker.left_edge.i
        else:
            return None
        if speaker.pos_ not in ("PRON", "PROPN", "NOUN") or self.in_quote[speaker.i] >= 0:
            return None
        if speaker.tag_ in ("WP", "WDT") or speaker.lower_ in ("it", "this", "that", "which"):
            return None
        if speaker.left_edge.tag_ in ("WP", "WDT", "WP$"):
            return None  # ", whose leaders have called for ...": a relative clause after all
        comma = frame_start - 1
        if comma <= sent.start or self.doc[comma].text not in (",", "\u2014", "--"):
            return None
        # Nothing after the frame but the speaker, the setting ("on Tuesday", "in an interview")
        # and the full stop.
        frame = {t.i for t in verb.subtree}
        rest = [t for t in self.doc[verb.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
        if any(t.i not in frame for t in rest):
            return None
        words = [t for t in self.doc[sent.start : comma] if not t.is_space]
        if not words or any(self.in_quote[t.i] >= 0 for t in words[:1]):
            return None
        alpha = sum(t.is_alpha for t in words)
        if alpha < 4 or (alpha < 6 and not any(t.pos_ in ("VERB", "AUX") for t in words)):
            return None
        if lexicon.is_quote_cue(words[0].lemma_) or words[0].lower_ in (
            "as",
            "when",
            "if",
            "after",
            "before",
        ):
            return None
        # What precedes must be the clause the frame hangs on, or a clause misread as the frame's
        # subject or complement -- not the frame's own setting ("In an interview, Trump said").
        inside = {t.i for t in words}
        tops = [t for t in words if t.head.i not in inside and not t.is_punct]
        hung_on_content = verb.head.i in inside and verb.head.i != verb.i
        if not hung_on_content and not all(
            t.head.i == verb.i and t.dep_ in ("nsubj", "ccomp", "dep") for t in tops
        ):
            return None
        start, end = self._trim(words[0].idx, self._tok_end(words[-1]))
        if "\n" in self.text[start:end]:
            return None
        return (start, end), speaker

    def _stated_object(self, verb: Token) -> list[Found]:
        """A statement reported by its object: "Putin denied any involvement", "called him a
        political opportunist". Only for verbs of speech whose object is what was said (not
        "told reporters", "said something")."""
        lemma = verb.lemma_.lower()
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if (
            xcomp is not None
            and self.in_quote[xcomp.i] >= 0
            and not any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children)
        ):
            # 'told host Matt Boyle, “… Not Indicted, Yet”': a quoted sentence the parse hung
            # on the verb, no demand ("told him to leave") -- its frame reports it
            xcomp = None
        if lemma in _STATED_INTENT_VERBS and xcomp is not None and self.subject_of(verb) is not None:
            # "vowed to veto the bill", "urged Congress to act": a stated promise or demand.
            first = min(
                [xcomp, *(c for c in verb.rights if c.dep_ == "dobj" and c.i < xcomp.i)], key=lambda t: t.i
            )
            cue = self._cue_span(verb)
            on = next(
                (c for c in verb.rights if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i < xcomp.i),
                None,
            )
            if on is not None and lemma == "call" and any(c.dep_ == "pobj" for c in on.children):
                # "called on Congress to act": PolNeAR's cue is "called on", its content whom
                # the demand addresses and what it demands
                first, cue = self.doc[on.i + 1], (cue[0], max(cue[1], self._tok_end(on)))
            start, end = self._trim(first.left_edge.idx, self._tok_end(xcomp.right_edge))
            return [Found("indirect", (start, end), cue, self.subject_of(verb))]
        if lemma not in _STATED_OBJECT_VERBS and (lemma not in _STATED_SPEECH_ACTS or verb.tag_ == "VB"):
            return []
        if verb.dep_ == "xcomp" and self._gerund_subject(verb.head) is verb:
            return []  # the subject of what someone said, not a report of its own
        if any(
            self._quoted_as_saying(p) is not None
            for c in verb.children
            if c.lower_ == "as"
            for p in c.children
        ):
            return []  # "quoted Putin as saying ...": the saying reports, for Putin
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or self.subject_of(verb) is None:
            return []
        last = obj.right_edge
        for child in verb.rights:
            if child.i > obj.i and (
                child.dep_ == "oprd"
                or (child.dep_ == "prep" and child.lower_ in ("for", "as", "of"))
                or (
                    child.dep_ == "prep"
                    and child.lower_ not in _SETTING_PREPOSITIONS
                    # "credited Merkel with holding ...", but not "declared victory with a win"
                    and (child.lower_ != "with" or lemma in ("credit", "charge", "compare"))
                    # "by pointing out that ...": a report of its own
                    and not any(t.pos_ == "VERB" and lexicon.is_quote_cue(t.lemma_) for t in child.subtree)
                )
            ):
                last = self._before_coordinated_cue(child, obj.i) or child.right_edge
        # "accused him of sexism", "accused Sanders of a smear" (the parse may hang "of" on the
        # object): what the person was charged with is the statement, pronoun or not
        charged = last.i > obj.right_edge.i or any(
            c.dep_ == "prep" and c.lower_ == "of" for c in obj.children
        )
        if obj.pos_ == "PRON" and not (
            charged and lemma in ("accuse", "call", "blame", "praise", "criticize", "criticise")
        ):
            return []
        if obj.right_edge.i - obj.left_edge.i < 1 and obj.pos_ not in ("PROPN", "PRON"):
            return []
        if lemma in ("call", "accuse") and not charged:
            return []  # "called Trump", "accused Russia": who, not what was said
        for rel in obj.rights:
            if rel.dep_ == "relcl" and rel.left_edge.i > 0 and self.doc[rel.left_edge.i - 1].text == ",":
                # "mocked Marco Rubio, who he dubbed ...": a comment on the object, often a
                # report of its own
                if last.i <= rel.right_edge.i:
                    last = self.doc[rel.left_edge.i - 2]
                break
        start, end = self._trim(obj.left_edge.idx, self._tok_end(last))
        return [
            Found(
                "indirect",
                (start, self._quotation_after(end, verb)),
                self._cue_span(verb),
                self.subject_of(verb),
            )
        ]

    def _quotation_after(self, end: int, verb: Token, sentences: bool = False) -> int:
        """'demand wealthy Americans "pay their fair share"': a quotation opening right after a
        stated object, in the cue's sentence, goes on with what was stated (the parser may hang
        it elsewhere). The new end, or ``end``."""
        k = bisect_left(self._region_starts, end)
        if k < len(self.regions):
            r = self.regions[k]
            if (
                r.start >= end
                and not self.text[end : r.start].strip()
                and r.start < verb.sent.end_char
                and r.end <= verb.sent.end_char + 2
                and (sentences or not self._sentence_like(r))
            ):
                return r.end
        return end

    def _prepositional_report(self, verb: Token) -> list[Found]:
        """A statement reported by a verb and its preposition ("called for a ban on assault
        weapons", "spoke about his mother", "pointed to the polls"): the cue is both words, as
        PolNeAR marks it, the content the preposition's object. Finite forms and participles
        only, as for objects."""
        if verb.tag_ == "VB" or self.subject_of(verb) is None:
            return []
        if verb.tag_ == "VBG" and verb.dep_ == "advcl":
            return []  # "..., he said, pointing to the delegates": the reporter's scene
        prep = next((c for c in verb.rights if c.dep_ == "prep"), None)
        if prep is None or not lexicon.is_prepositional_cue(verb.lemma_, prep.lower_):
            return []
        if any(c.dep_ == "dobj" and c.i < prep.i for c in verb.children):
            return []  # "asked him about X": the report is about the object first
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is None or pobj.pos_ == "PRON" or self.in_quote[prep.i] >= 0:
            return []
        start, end = self._trim(pobj.left_edge.idx, self._tok_end(pobj.right_edge))
        cue_start, _ = self._cue_span(verb)
        between = self.doc[verb.i + 1 : prep.i]
        if any(not (t.dep_ in ("advmod", "prt") and t.head.i == verb.i) for t in between):
            return []  # "called on Tuesday for ...": keep the cue one phrase
        cue = (min(cue_start, verb.idx), self._tok_end(prep))
        return [Found("indirect", (start, end), cue, self.subject_of(verb))]

    def _stance(self, tok: Token) -> list[Found]:
        """In the "attributions" scope only (nothing in the default scope): how things appear,
        or what a word's learned stance frame reports ("critical of the deal", "vowed to ...")."""
        if self.scope != "attributions":
            return []
        found = self._appearance(tok) or self._learned_stance(tok)
        for f in found:
            f.stance = True
        return found

    def _stance_holder(self, tok: Token) -> Token | None:
        """Whose stance: a verb's subject; a noun's possessor ("his criticism of"), or the
        subject of the verb it is the object of ("expressed concern about"); the subject an
        adjective is said of ("she was critical of")."""
        if tok.pos_ == "VERB":
            return self.subject_of(tok)
        if tok.pos_ == "NOUN":
            poss = next((c for c in tok.children if c.dep_ == "poss"), None)
            if poss is not None:
                return poss
        if tok.dep_ in ("dobj", "acomp") and tok.head.pos_ in ("VERB", "AUX"):
            return self.subject_of(tok.head)
        return None

    def _learned_stance(self, tok: Token) -> list[Found]:
        """PolNeAR's wider attributions: a stance's object ("supported Clinton"), an intention's
        infinitive ("vowed to repeal it"), a perception's clause, a stance by preposition
        ("critical of the deal"), for the frames train's annotators mark at least
        ``_STANCE_MIN_SHARE`` of the time."""
        if tok.pos_ not in ("VERB", "NOUN", "ADJ") or self.in_quote[tok.i] >= 0:
            return []
        for frame, first, last, prep in stance_frames(tok):
            hits, total = lexicon.stance_frame(tok.pos_.lower(), frame, tok.lemma_)
            if hits < _STANCE_MIN_HITS or hits < _STANCE_MIN_SHARE * total:
                continue
            start, end = self._trim(first.idx, self._tok_end(last))
            if end - start < 2:
                continue
            cue = (tok.idx, self._tok_end(tok)) if tok.pos_ != "VERB" else self._cue_span(tok)
            if prep is not None:
                cue = (cue[0], max(cue[1], self._tok_end(prep)))
            return [Found("indirect", (start, end), cue, self._stance_holder(tok))]
        return []

    def _appearance(self, verb: Token) -> list[Found]:
        """ "Ben Carson appears to be slipping", "the topic is not expected to surface": how
        things seem or are expected, by no one named. PolNeAR's content is the whole clause,
        its subject and the verb included; it has no source."""
        lemma = verb.lemma_.lower()
        if lemma not in _APPEARANCE_VERBS:
            return []
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if xcomp is None or self.in_quote[xcomp.i] >= 0:
            return []
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or verb.dep_ == "acl"
        if lemma == "expect" and not passive:
            return []
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.i < verb.i:
            start = subj.left_edge.idx
        elif verb.dep_ == "acl" and verb.head.i < verb.i:
            start = verb.head.left_edge.idx  # "a presidential year expected to produce ..."
        else:
            return []
        content = self._trim(start, self._tok_end(xcomp.right_edge))
        return [Found("indirect", content, self._cue_span(verb), None)]

    def colon_reports(self) -> list[Found]:
        """ "Sanders: Clinton Email Story Has Moved" headlines and "PENCE: Well, ..." transcripts."""
        found: list[Found] = []
        person_words = {t.lower_ for e in self.doc.ents if e.label_ == "PERSON" for t in e}
        transcript_labels: Counter[str] = Counter()
        label_starts = set()
        for ps, pe in self.paras:
            m = _COLON_LABEL.match(self.text, ps, pe)
            if m is None:
                continue
            label_starts.add(m.start("label"))
            if m.group("label").isupper() and len(m.group("label").split()) <= 3:
                transcript_labels[m.group("label")] += 1
                surname = m.group("label").split()[-1]
                if surname != m.group("label"):
                    transcript_labels[surname] += 1  # "KATE BOULDUAN:" then "BOULDUAN:"
        # names of people the text speaks of outside the labels themselves (a product list's
        # "Ring Stickup Cam Pro:" read as a person is named nowhere else)
        full_name_words = {
            t.lower_
            for e in self.doc.ents
            if e.label_ == "PERSON" and len(e) > 1 and e.start_char not in label_starts
            for t in e
        }
        # "Q: ..." / "A: ..." paragraphs of a printed interview (two or more of them): the
        # interviewer's questions and the answers, each a direct quote of its label.
        interview = sum(1 for ps, _ in self.paras if self.text.startswith(("Q: ", "A: "), ps)) >= 2
        for pi, (ps, pe) in enumerate(self.paras):
            line_end = self.text.find("\n", ps, pe)
            line_end = pe if line_end < 0 else line_end
            m = _COLON_LABEL.match(self.text, ps, line_end)
            if m is None:
                continue
            label = m.group("label")
            qa = interview and label in ("Q", "A")
            if not qa and (label.upper() in _NOT_SPEAKERS or len(label) < 2):
                continue
            if label.upper().startswith("DEAR "):
                continue  # "DEAR FEELING: ...": an advice column's answer addresses its reader
            span = self.doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
            if span is None:
                continue
            transcript = label.isupper() and len(label.split()) <= 3
            named = (
                any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in span)
                or all(t.lower_ in person_words for t in span)
                # an untagged name: a first name and a surname ("Cecile Richards: ..."), not
                # any Title Case label ("New Price Drop: ...")
                or (
                    all(t.pos_ == "PROPN" for t in span)
                    and not any(t.ent_type_ in ("GPE", "LOC", "DATE") for t in span)
                    and looks_like_person(span)
                )
            )
            if not transcript and not named:
                continue
            content = self._trim(m.end(), line_end)
            if content[1] - content[0] < 8:
                continue
            said = self.doc.char_span(*content, alignment_mode="expand")
            known = all(t.lower_ in full_name_words for t in span if not t.is_punct) or looks_like_person(span)
            if (
                not transcript
                and not known
                and any(t.ent_type_ for t in span)
                and any(
                    t.ent_type_ == ""
                    and t.text[:1].isupper()
                    and not t.is_stop
                    and t.lower_.rstrip(".") not in TITLE_WORDS
                    for t in span
                )
            ):
                # "Star Wars Jedi: Fallen Order is ..." with only "Wars Jedi" tagged: a label the
                # recogniser names only in part is a heading, not a speaker
                continue
            if not qa and (any(ch.isdigit() for ch in label) or any(len(w) == 1 for w in label.split())):
                continue  # "Baseus Inspire XP1: ...", "Commit B: ...": a product or a step, no one
            if transcript and not qa and not (
                all(t.lower_ in person_words or t.lower_ in TITLE_WORDS for t in span)
                or (len(span) > 1 and span[0].text.title() in first_names())  # "JAKE TAPPER:"
                # a dialogue: this label again, and others ("TAPPER: ... BENENSON: ...")
                or (transcript_labels[label] > 1 and len(transcript_labels) > 1)
            ):
                continue  # "FYI: ...", "DISCLAIMER: ...": capitals of no one named here
            if not transcript and (
                any(t.pos_ == "VERB" for t in span)  # "Improve Navigation: ..." is an instruction
                # "Branching: Git's Killer Feature": a section heading, nothing said by anyone
                # named ("Lynch: No outside influence on FBI probe" is Lynch's)
                or (
                    not known
                    and said is not None
                    # or an instruction: "Improve Navigation: Make it easy for users ..."
                    and (not any(t.pos_ in ("VERB", "AUX") for t in said) or said[0].tag_ == "VB")
                )
            ):
                continue
            for k, r in enumerate(self.regions):
                if r.start < content[1] and r.end > content[0] - 2:
                    self.used.add(k)
            kind = "direct" if transcript else "indirect"
            found.append(
                Found(
                    kind,
                    content,
                    (m.start("colon"), m.end("colon")),
                    span.root,
                    pi,
                    mention=(span.start_char, span.end_char),
                )
            )
        return found

    def post_embeds(self) -> list[Found]:
        """Embedded posts signed by their author: "We will win! pic.twitter.com/x — Donald J.
        Trump (@realDonaldTrump) September 2, 2025" is a direct quote of its author."""
        found: list[Found] = []
        for pi, (ps, pe) in enumerate(self.paras):
            start = ps
            for m in _POST_SIGNATURE.finditer(self.text, ps, pe):
                begin = max(start, self.text.rfind(">", start, m.start()) + 1)
                tail = _POST_TAIL.search(self.text, begin, m.start())
                content = self._trim(begin, tail.start() if tail else m.start())
                start = m.end()
                if len(self.text[content[0] : content[1]].split()) < 2:
                    continue
                span = self.doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand")
                if span is None:
                    continue
                for k, r in enumerate(self.regions):
                    if r.start < content[1] and r.end > content[0]:
                        self.used.add(k)
                found.append(
                    Found(
                        "direct",
                        content,
                        (m.start("dash"), m.end("dash")),
                        span.root,
                        pi,
                        mention=(m.start("name"), m.end("name")),
                    )
                )
        return found

    def _according_content(self, tok: Token) -> tuple[int, int] | None:
        """The clause an "according to X" phrase attributes: its sentence minus the phrase."""
        sent = tok.sent
        phrase = {t.i for t in tok.subtree}
        runs: list[list[Token]] = [[]]
        for t in sent:
            if t.i in phrase:
                runs.append([])
            else:
                runs[-1].append(t)
        first, last = min(phrase), max(phrase)
        before = [t for t in sent if t.i < first and not (t.is_punct or t.is_space)]
        after = [t for t in sent if t.i > last and not (t.is_punct or t.is_space)]
        if (
            before
            # "Trump leads by 15 points, according to the poll, and ...": a clause of its own
            # before the phrase is what it attributes, and what follows is the reporter's.
            and not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in before)
            and sum(t.is_alpha for t in after) >= 2
            and first > sent.start
            and self.doc[first - 1].text == ","
            and last + 1 < sent.end
            and self.doc[last + 1].text == ","
            and "\n" not in self.text[before[0].idx : after[-1].idx]
        ):
            # "The implication, according to the aide, is that ...": set off inside its
            # sentence, the phrase attributes the whole sentence, which holds it.
            whole = self._without_connective([t for t in sent if not t.is_space and t.i < after[-1].i + 1])
            return self._trim(whole[0].idx, self._tok_end(after[-1]))
        best = max(runs, key=lambda r: sum(not t.is_punct for t in r))
        words = [t for t in best if not t.is_space]
        while words and words[0].is_punct and not words[0].is_quote:
            words.pop(0)
        # "with just 22%, according to ...": a percent sign is part of the figure
        words = [t for t in self._without_connective(words) if not t.is_punct or t.is_quote or t.text == "%"]
        if len([t for t in words if t.is_alpha]) < 3:
            return None
        start, end = words[0].idx, self._tok_end(words[-1])
        return self._trim(start, end)

    def _without_connective(self, words: list[Token]) -> list[Token]:
        """Drop a leading discourse connective ("However,", "Even so,") that is the reporter's."""
        for n in (1, 2):
            if len(words) > n + 2 and words[n].text == "," and words[0].lower_ in _CONNECTIVES:
                return words[n + 1 :]
        return words

    # -- pass 2: reports against quotation marks ------------------------------------------------
    def merge_regions(self, reports: list[Found]) -> list[Found]:
        out: list[Found] = []
        for f in reports:
            s, e = f.content
            inside = [k for k, r in enumerate(self.regions) if r.inner_start < e and r.inner_end > s]
            if not inside:
                out.append(f)
                continue
            covering = [k for k in inside if self.regions[k].start <= s + 1 and self.regions[k].end >= e - 1]
            if not covering:
                covering = [k for k in inside if self._covers_words(self.regions[k], s, e)]
            if covering:
                k = covering[0]
                if k in self.used:
                    continue  # another frame already claimed this quotation
                r = self.regions[k]
                if f.cue is not None and self._closer_cue(f.cue, r):
                    continue  # '... Trump said before adding: "..."': "adding" frames it
                self.used.add(k)
                f.kind, f.content, f.regions = "direct", self._quoted(r), [k]
                if re.match(r"that\b", self.text[s : r.start], re.IGNORECASE) and self.para_of(
                    s
                ) == self.para_of(r.start):
                    # 'said that "we will win"': the reporter's "that" carries the quotation, a
                    # mixed quote whose content starts there, as PolNeAR marks it
                    f.kind, f.content = "mixed", self._trim(s, self._quoted(r)[1])
                f.para = self.para_of(r.start)
                out.append(f)
                continue
            # A reported clause stays within its paragraph, whatever the parse joined.
            ps, pe = self.paras[self.para_of(s)]
            fresh = [k for k in inside if k not in self.used and ps <= self.regions[k].start < pe]
            for k in fresh:
                self.used.add(k)
                r = self.regions[k]
                s, e = min(s, r.start), max(e, r.end)
            f.kind, f.content, f.regions = "mixed", self._trim(s, min(e, pe)), fresh
            out.append(f)
        return out

    def _covers_words(self, r: QuoteRegion, s: int, e: int) -> bool:
        """Whether a quotation holds all the words of a span (bar a leading "that")."""
        words = [m for m in re.finditer(r"\w+", self.text[s:e])]
        if words and words[0].group().lower() == "that":
            words = words[1:]
        if not words:
            return False
        return all(r.inner_start <= s + m.start() and s + m.end() <= r.inner_end for m in words)

    # -- pass 3: quotations with a frame of their own ----------------------------------------------
    def framed_quotes(self) -> list[Found]:
        out: list[Found] = []
        for k, r in enumerate(self.regions):
            if k in self.used:
                continue
            toks = self._region_tokens(k)
            if not any(t.is_alpha for t in toks):
                continue
            content = self._quoted(r)
            sentence_like = self._sentence_like(r)
            frame = self._frame_for(k, toks)
            if frame is not None and self.subject_of(frame[0]) is None:
                # 'Rubio fired back: “…,” referencing the Cuban vote': a participle after the
                # quotation names no one; the clause before the colon does
                frame = self._colon_intro(r) or frame
            para = self.para_of(r.start)
            if frame is not None:
                cue, via = frame
                kind = "direct" if sentence_like else "partial"
                if kind == "partial" and self._title(r) and cue.lemma_.lower() not in lexicon.NAMING_VERBS:
                    # said on "Meet the Press", posted "The Revenant": a title, not what was said;
                    # a clause the parse hung on the title ("said on "This Week" that X") is.
                    after = self._clause_after_title(r)
                    if after is not None:
                        out.append(Found("indirect", after, self._cue_span(cue), self.subject_of(cue), para))
                    continue
                if kind == "partial" and via is not None:
                    content = self._complement(cue, via, r)
                    rel = self._relative_word(cue)
                    if rel is not None and rel.idx < content[0] and rel.head.i == cue.i:
                        # "Rubio, who he dubbed "the little senator"": the relative word is what
                        # the cue's object stands for, so the clause is the content.
                        content = (rel.idx, content[1])
                cue_span = self._cue_span(cue)
                prep = self.doc[cue.i + 1] if cue.i + 1 < len(self.doc) else None
                if (
                    kind == "partial"
                    and prep is not None
                    and prep.dep_ == "prep"
                    and prep.head.i == cue.i
                    and content[0] <= prep.idx
                    and re.search(r"\w", self.text[self._tok_end(prep) : content[1]])
                    and lexicon.is_prepositional_cue(cue.lemma_, prep.lower_)
                ):
                    # 'referred to Rubio as "a bright, charismatic leader"': the preposition
                    # belongs to the cue, as in "called for" and "spoke about"
                    content = self._trim(self._tok_end(prep), content[1])
                    cue_span = (cue_span[0], max(cue_span[1], self._tok_end(prep)))
                found = Found(kind, content, cue_span, self.subject_of(cue), para, [k])
                nxt = k + 1
                if kind == "direct" and nxt not in self.used and self._resumes(k, found.cue):
                    # '"The risk," said Edward Leamer, an economist, "is that ..."': the second
                    # half finishes the quoted sentence, however the parse hung the frame.
                    rest = self._quoted(self.regions[nxt])
                    found.parts = [content, rest]
                    found.content = (content[0], rest[1])
                    found.regions.append(nxt)
                    self.used.add(nxt)
                out.append(found)
                self.used.add(k)
            elif sentence_like and not self._named_by_participle(toks) and self._says_something(r, toks):
                out.append(Found("direct", content, None, None, para, [k], continuation=True))
                self.used.add(k)
        return out

    def _resumes(self, k: int, cue: tuple[int, int] | None) -> bool:
        """Whether quotation ``k + 1`` finishes the sentence quotation ``k`` broke off with a
        comma or dash for its frame: same paragraph, the frame (holding ``cue``) between them
        and ending in a comma or dash, and the second quotation starting in lower case."""
        if cue is None or k + 1 >= len(self.regions):
            return False
        r, nxt = self.regions[k], self.regions[k + 1]
        if not (r.end <= cue[0] and cue[1] <= nxt.start) or self.para_of(r.start) != self.para_of(nxt.start):
            return False
        if not self.text[r.inner_start : r.inner_end].rstrip().endswith((",", "\u2014", "\u2013", "-")):
            return False
        if not self.text[r.end : nxt.start].rstrip().endswith((",", "\u2014", "\u2013")):
            return False
        first = self.text[nxt.inner_start : nxt.inner_end].lstrip()[:1]
        return first.islower() and self._one_sentence(r.end, nxt.start)

    def _says_something(self, r: QuoteRegion, toks: list[Token]) -> bool:
        """Whether a quotation without a frame reads as words someone said: it ends a sentence,
        or it is no title ("The One I Love") and has a verb or three words ("Humidifier lung" is
        a name)."""
        inner = self.text[r.inner_start : r.inner_end].rstrip().rstrip("\"'\u201d\u2019")
        para_start = self._para_starts[self.para_of(r.start)]
        before = self.text[para_start : r.start].rstrip()
        if before.endswith(",") and len(inner.split()) <= 2 and not inner.endswith(("!", "?")):
            return False  # "her blockbuster film, “Trainwreck.”": a name set off by a comma
        if inner.endswith((".", "!", "?", "\u2026")):
            return True
        if self._title(r):
            return False
        return len(inner.split()) >= 3 or any(t.pos_ in ("VERB", "AUX") for t in toks)

    def _title(self, r: QuoteRegion) -> bool:
        """A quotation of two or more words, all capitalised bar the small ones ("Meet the Press",
        "Guardians of the Galaxy"): the name of a show, book or film, not someone's words."""
        words = re.findall(r"[\w\u2019'.&-]+", self.text[r.inner_start : r.inner_end])
        return len(words) >= 2 and all(
            w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL for w in words
        )

    def _clause_after_title(self, r: QuoteRegion) -> tuple[int, int] | None:
        """A "that" clause starting right after a quoted title and hanging from it."""
        span = self.doc.char_span(r.end, len(self.text), alignment_mode="expand")
        first = next((t for t in span or [] if not t.is_space), None)
        if first is None or first.lower_ != "that" or first.head.dep_ not in ("relcl", "ccomp", "acl"):
            return None
        clause = first.head
        if clause.left_edge.i != first.i or self.in_quote[clause.i] >= 0:
            return None
        return self._clause_span(clause)

    def _complement(self, cue: Token, via: Token, r: QuoteRegion) -> tuple[int, int]:
        """What a cue reports when a quoted fragment sits in its complement: the complement
        phrase ("dismissed as "absolute rubbish" allegations ..."), quotation included."""
        if via.i > cue.i:
            firsts = [
                c.left_edge.idx
                for c in cue.rights
                if c.dep_ in _COMPLEMENTS
                and c.i <= via.i
                and self.in_quote[c.left_edge.i] in (-1, self.in_quote[via.i])
            ]
            start = min([*firsts, via.left_edge.idx])
        else:
            start = via.left_edge.idx
        end = self._tok_end(via.right_edge)
        start, end = min(start, r.start), max(end, r.end)
        that = self.doc.char_span(start, r.start, alignment_mode="expand")
        if via.i > cue.i and that is not None:
            # "is telling customers at a breakfast spot that “I need you tomorrow”": what was
            # said starts at its "that", after whom it was told to
            mark = next((t for t in reversed(that) if t.lower_ == "that" and t.dep_ == "mark"), None)
            if (
                mark is not None
                and mark.i > that.start
                and self.in_quote[mark.head.i] >= 0
                # "defending the idea that “…”": the clause says what the object is, and belongs
                and mark.head.head.head.i != cue.i
            ):
                start = mark.idx
        if self._cue_span(cue)[1] > start >= cue.idx:
            start = self._cue_span(cue)[1]
        return self._trim(start, end)

    def _sentence_like(self, r: QuoteRegion) -> bool:
        """A quotation that is a sentence or more, not a fragment inside the reporter's sentence."""
        inner = self.text[r.inner_start : r.inner_end]
        if not _SENTENCE_START.match(inner):
            return False
        before = self.text[: r.start].rstrip()
        para_start = self._para_starts[self.para_of(r.start)]
        if r.start <= para_start or not before:
            return True
        last = before[-1]
        if last in '.!?:\u2026"\u201d,;\u2014':
            return True
        if before.endswith("''") and before[-3:-2] in (".", "!", "?"):
            return True  # 'on ''This Week.'' ''Putin ...': two apostrophes close a sentence
        # "Putin said “...”": a cue verb right before the mark.
        prev = self.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        return (
            prev is not None
            and len(prev) > 0
            and prev[0].pos_ == "VERB"
            and lexicon.is_quote_cue(prev[0].lemma_)
        )

    def _frame_for(self, k: int, toks: list[Token]) -> tuple[Token, Token | None] | None:
        """A cue verb outside the quotation tied to it by the parse, or standing right beside it;
        with the cue's child through which the quotation hangs from it (None when beside)."""
        r = self.regions[k]
        inside = {t.i for t in toks}
        if toks:
            # '... Trump said before adding: “..."': the cue whose phrase ends right at the opening
            # mark frames it, whatever the parse hung the quotation on.
            for t in reversed(self.toks[max(0, toks[0].i - 12) : toks[0].i]):
                if (
                    self.in_quote[t.i] < 0
                    and t.pos_ == "VERB"
                    and t.dep_ not in _ADJECTIVAL
                    and self._frames(t)
                    and self._phrase_ends_at(r, t)
                ):
                    return t, None
        best: tuple[int, Token, Token] | None = None
        for t in toks:
            if t.head.i in inside:
                continue
            # Walk up from the quotation's top tokens through non-verbs to a cue.
            below, node, steps, budget = t, t.head, 0, 3
            while steps < budget and node.i not in inside:
                if (
                    self.in_quote[node.i] < 0
                    and node.pos_ == "VERB"
                    and node.dep_ in ("xcomp", "acl")
                    and not lexicon.is_quote_cue(node.lemma_)
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
                    and not self._sentence_like(r)
                ):
                    # "called for efforts to build a "clean energy economy"": a fragment in a
                    # subjectless infinitive or participle under the cue's object is still
                    # what the cue reports.
                    budget = steps + 6
                    below, node, steps = node, node.head, steps + 1
                    continue
                if node.idx > r.end and "\n" in self.text[r.end : node.idx]:
                    break  # a verb on a later line (the parse joined the lines) frames nothing here
                if self.in_quote[node.i] < 0 and node.pos_ in ("VERB", "AUX"):
                    # A quotation in the verb's subject is not what the verb reports.
                    if (
                        below.dep_ not in ("nsubj", "nsubjpass", "csubj")
                        and not self._addressee_or_setting(node, below)
                        and node.dep_ not in _ADJECTIVAL
                        and not self._naming_participle(node)
                        and self._frames(node)
                        and not self._has_other_clause(node, inside)
                    ):
                        dist = abs(node.idx - r.start)
                        if best is None or dist < best[0]:
                            best = (dist, node, below)
                    break
                if node.head.i == node.i:
                    break
                below, node, steps = node, node.head, steps + 1
        if best is not None:
            return best[1], best[2]
        # A cue attached to a word inside the quotation (a parse of '"..." he said' as parataxis).
        # (up to 30 words after it: a speaker's apposition can be long)
        for t in self.doc[max(0, toks[0].i - 12) : min(len(self.doc), toks[-1].i + 30)]:
            if (
                self.in_quote[t.i] >= 0
                or t.pos_ not in ("VERB", "AUX")
                or t.dep_ in _ADJECTIVAL
                or self._naming_participle(t)
            ):
                continue
            if not self._frames(t):
                if self._classic_frame(r, t):
                    return t, None
                continue
            if (t.head.i in inside or self._beside(r, t) or self._phrase_ends_at(r, t)) and (
                not self._has_other_clause(t, inside) or self._classic_shape(r, t)
            ):
                return t, None
        return self._colon_frame(r) or self._colon_intro(r) or self._sentence_intro(r)

    def _sentence_intro(self, r: QuoteRegion) -> tuple[Token, Token | None] | None:
        """'Iowa State University's Dianne Bystrom agreed. “Mainstream Republicans are running
        out of time.”': a short sentence of someone speaking, with nothing said in it, right
        before a quoted sentence in its paragraph introduces what they said."""
        before = self.text[: r.start].rstrip()
        if not before.endswith(".") or not self._sentence_like(r):
            return None
        stop = self.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        if stop is None or self.para_of(stop.start_char) != self.para_of(r.start):
            return None
        sent = stop[0].sent
        verb = sent.root
        if (
            len(sent) > 15
            or verb.pos_ != "VERB"
            or self.in_quote[verb.i] >= 0
            or not lexicon.is_quote_cue(verb.lemma_)
            or any(c.dep_ in _COMPLEMENTS or c.is_quote for c in verb.children)
        ):
            return None
        subject = self.subject_of(verb)
        if subject is None or subject.i > verb.i or not self._personal(subject):
            return None
        return verb, None

    def _colon_intro(self, r: QuoteRegion) -> tuple[Token, Token | None] | None:
        """'Rubio fired back: “If they sue us …”', 'The senator was blunt: “…”': a sentence
        quoted right after a colon that closes a clause whose subject is a person. The clause
        introduces what that person said, whatever its verb."""
        before = self.text[: r.start].rstrip()
        if not before.endswith(":") or not self._sentence_like(r):
            return None
        colon = len(before) - 1
        if self.para_of(colon) != self.para_of(r.start):
            return None
        mark = self.doc.char_span(colon, colon + 1, alignment_mode="expand")
        if mark is None or len(mark) != 1:
            return None
        # the clause before the colon: back to the sentence's or paragraph's start
        first = mark[0].i
        para_start = self._para_starts[self.para_of(colon)]
        while (
            first > 0
            and self.doc[first - 1].idx >= para_start
            and self.doc[first - 1].text not in '.!?;\u201d"'
        ):
            first -= 1
        clause = [t for t in self.doc[first : mark[0].i] if self.in_quote[t.i] < 0]
        inside = {t.i for t in clause}
        roots = [
            t for t in clause if t.pos_ in ("VERB", "AUX") and (t.head.i == t.i or t.head.i not in inside)
        ]
        if len(roots) != 1:
            return None
        verb = roots[0]
        subject = self.subject_of(verb)
        if subject is None or subject.i not in inside or not self._personal(subject):
            return None
        return verb, None

    def _personal(self, tok: Token) -> bool:
        """Whether a subject stands for someone: a person's name, he/she/they, a role."""
        if tok.lower_ in ("he", "she", "they", "we", "i"):
            return True
        if tok.ent_type_ in ("PERSON", "ORG", "NORP"):
            return True
        if tok.ent_type_ == "" and tok.text[:1].isupper() and tok.is_alpha and tok.i > tok.sent.start:
            return True  # a name the recogniser missed (the tagger may even call it a verb)
        if tok.ent_type_ == "" and tok.pos_ == "PROPN":
            return True
        lemma = tok.lemma_.lower()
        return lemma in ROLE_NOUNS or lemma in _PEOPLE

    def _named_by_participle(self, toks: list[Token]) -> bool:
        """Whether a quotation follows a naming participle ('a class called "Perception"')."""
        i = toks[0].i - 1 if toks else -1
        while i >= 0 and (self.doc[i].is_quote or self.doc[i].is_space):
            i -= 1
        return i >= 0 and self._naming_participle(self.doc[i])

    def _naming_participle(self, verb: Token) -> bool:
        """'a film called "Tenemos Familias"', 'a group named "We the People"': a participle
        naming a thing gives its title, nobody's words."""
        return (
            verb.tag_ == "VBN"
            and verb.dep_ == "acl"
            and verb.lemma_.lower() in (*lexicon.NAMING_VERBS, "name", "title", "entitle")
        )

    def _classic_frame(self, r: QuoteRegion, verb: Token) -> bool:
        """'"...," Hannity pressed.' -- a quotation ending in a comma (or ! ?), then its speaker
        and a bare verb closing the sentence: a frame whatever the verb (barked, surmised)."""
        # a nested quotation closing with the outer one: '"She said that 'I know ...,'" X said.'
        inner = self.text[r.inner_start : r.inner_end].rstrip().rstrip("\u2019'").rstrip()
        if not inner or inner[-1] not in ",!?" or verb.idx < r.end or verb.pos_ != "VERB":
            return False
        subj = self.subject_of(verb)
        if (
            subj is not None
            and subj.left_edge.i == verb.i + 1
            and _TIGHT_GAP.match(self.text[r.end : verb.idx])
            and subj.pos_ in ("PROPN", "PRON")
        ):
            # '“Is Obama profiling?” reacted Trump.': inverted, the speaker right after the verb
            after = self.doc[subj.right_edge.i + 1] if subj.right_edge.i + 1 < len(self.doc) else None
            return after is None or after.is_punct
        return self._speaker_after(r, verb) and self._reports_nothing_after(verb)

    def _speaker_after(self, r: QuoteRegion, verb: Token, names_only: bool = True) -> bool:
        """The shape shared by classic frames: the quotation ends in a comma, "!" or "?" (inside
        its closing mark), and the verb's subject starts right after the mark; with
        ``names_only``, nothing but names and titles before the verb on the same line ('"...,"
        Sen. Rubio said'), else any subject phrase ('"...," the former president told')."""
        # a nested quotation closing with the outer one: '"She said that 'I know ...,'" X said.'
        inner = self.text[r.inner_start : r.inner_end].rstrip().rstrip("\u2019'").rstrip()
        if not inner or inner[-1] not in ",!?" or verb.idx < r.end:
            return False
        subj = self.subject_of(verb)
        if subj is None or subj.i > verb.i or not _TIGHT_GAP.match(self.text[r.end : subj.left_edge.idx]):
            return False
        if not names_only:
            return True
        return bool(_NAME_GAP.match(self.text[r.end : verb.idx])) and "\n" not in self.text[r.end : verb.idx]

    def _colon_frame(self, r: QuoteRegion) -> tuple[Token, Token | None] | None:
        """'Dr. Ward stated:' closing the paragraph before a quotation that opens the next."""
        k = self.para_of(r.start)
        if k == 0 or self._para_starts[k] != r.start:
            return None
        ps, pe = self.paras[k - 1]
        if not self.text[ps:pe].rstrip().endswith(":"):
            return None
        span = self.doc.char_span(ps, pe, alignment_mode="contract")
        verbs = [t for t in span or [] if t.pos_ == "VERB" and self.in_quote[t.i] < 0 and self.subject_of(t)]
        if verbs and (
            lexicon.is_quote_cue(verbs[-1].lemma_)
            # "President Clinton released the following statement:"
            or any(c.dep_ == "dobj" and c.lower_ in _ISSUED for c in verbs[-1].children)
        ):
            return verbs[-1], None
        return None

    def _addressee_or_setting(self, cue: Token, below: Token) -> bool:
        """A quotation hanging from a cue as whom it addressed or where it was said ("told
        ABC's "Good Morning America"", "said on "This Week"") is a title, not the content;
        of prepositions "as" introduces content ("dismissed as "rubbish""), and "for"/"of" after
        verbs of judgement ("praised her for "courage"")."""
        if below.dep_ == "prep":
            if below.lower_ == "as":
                return False
            speech = cue.lemma_.lower() in ("say", "tell", "ask", "write", "add")
            return speech or below.lower_ not in ("for", "of", "about", "over")
        if cue.lemma_.lower() not in ("tell", "ask", "say") or below.dep_ not in ("dobj", "dative", "pobj"):
            return False
        # "tell him "no more nonsense"": after the addressee, a second object is what was said.
        return not any(
            c.dep_ in ("dobj", "dative") and c.pos_ == "PRON" and c.i < below.i for c in cue.children
        )

    def _beside(self, r: QuoteRegion, t: Token) -> bool:
        """'"...," Putin stressed' / 'Putin said, "..."': only a name and commas between."""
        if t.idx >= r.end:
            gap = self.text[r.end : t.idx]
            if "\n" in gap:
                return False
            return bool(_NAME_GAP.match(gap)) or self._subject_between(r, t)
        gap = self.text[self._tok_end(t) : r.start]
        return bool(_FRAME_AFTER.match(gap)) and "\n" not in gap

    def _closer_cue(self, cue: tuple[int, int], r: QuoteRegion) -> bool:
        """Whether another cue between ``cue`` and quotation ``r`` has its phrase end right at the
        opening mark, so that it, not ``cue``, frames the quotation."""
        if cue[1] > r.start:
            return False
        span = self.doc.char_span(cue[1], r.start, alignment_mode="contract")
        return span is not None and any(
            t.pos_ == "VERB" and lexicon.is_quote_cue(t.lemma_) and self._phrase_ends_at(r, t) for t in span
        )

    def _phrase_ends_at(self, r: QuoteRegion, verb: Token) -> bool:
        """ "..., telling Mic in an interview published on Monday, “But ...”": the cue's whole
        phrase ends at the comma (or colon) right before the quotation opens, in its paragraph."""
        if verb.idx >= r.start:
            return False
        gap = self.text[self._tok_end(verb.right_edge) : r.start]
        if not re.fullmatch(r"\s*[,:]\s*", gap) or self.para_of(verb.idx) != self.para_of(r.start):
            return False
        # a verb that already reports a clause of its own frames nothing more
        return not any(c.dep_ == "ccomp" and c.i > verb.i and self.in_quote[c.i] < 0 for c in verb.children)

    def _subject_between(self, r: QuoteRegion, verb: Token) -> bool:
        """'"We will win!" a spokesman said.': nothing but the verb's own subject (any noun
        phrase, not only names) and adverbs between the closing mark and the verb. The parser
        often ends the sentence at the "!" or "?", so the parse does not tie them."""
        inner = self.text[r.inner_start : r.inner_end].rstrip()
        if not inner or inner[-1] not in ",!?":
            return False
        subj = next(
            (c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i and self.in_quote[c.i] < 0), None
        )
        noun = self._root_noun_speaker(verb) if subj is None else None
        speaker = subj or noun
        if speaker is None or self.in_quote[speaker.i] >= 0:
            return False
        if not self._reports_nothing_after(verb):
            return False  # "Most voters said no": the verb has a report of its own
        # The speaker's words after the quotation (the parse may hang the quotation on them).
        phrase = [t for t in speaker.subtree if t.i < verb.i and t.idx >= r.end and self.in_quote[t.i] < 0]
        if not phrase or not _TIGHT_GAP.match(self.text[r.end : phrase[0].idx]):
            return False
        if noun is not None:  # the noun phrase runs up to the verb
            return True
        between = self.doc[phrase[-1].i + 1 : verb.i]
        return all(t.pos_ in ("ADV", "AUX", "PART") or t.text == "," for t in between)

    def _reports_nothing_after(self, verb: Token) -> bool:
        """Whether what follows a frame's verb leaves the quotation before it as what was said:
        nothing, punctuation, a time or place, or whom it was told to ('told MSNBC Monday')."""
        after = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        if after is None or after.is_punct or after.dep_ in ("prep", "advmod", "npadvmod"):
            return True
        if after.dep_ == "mark" and after.lower_ in _ADVERBIAL_MARKS:
            return True  # "he said as some wearing Cruz shirts booed": when, not what
        if after.dep_ == "cc" and after.lower_ == "and" and after.head.i == verb.i:
            return True  # "Trump barked and a security guard escorted Ramos out"
        return (
            verb.lemma_.lower() == "tell"
            and after.dep_ in ("dobj", "dative")
            and after.pos_ in ("PROPN", "PRON", "NOUN")
            and not any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children)
        )

    def _frames_quotation_before(self, verb: Token) -> bool:
        r = self._closing_before(verb.idx)
        return r is not None and self._classic_shape(r, verb)

    def _closing_before(self, char: int) -> QuoteRegion | None:
        """The quotation whose closing mark comes last at or before ``char``."""
        k = bisect_right(self._ends, char) - 1
        return self.regions[self._by_end[k]] if k >= 0 else None

    def _classic_shape(self, r: QuoteRegion, verb: Token) -> bool:
        """'“What does that mean?” Mr. Trump asked, repeating a broadside - that ...': by the
        text alone a classic frame -- the quotation ends in a comma, "!" or "?", its speaker
        and verb follow it, then a comma or the sentence's end -- whatever clause the parse
        hung on the verb further on."""
        if not self._speaker_after(r, verb):
            return False
        after = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        return after is None or after.text in (",", ".", ";")

    def _has_other_clause(self, verb: Token, inside: set[int]) -> bool:
        """Whether a verb already reports another clause (its complement lies outside the quote)."""
        return any(c.i not in inside and self.in_quote[c.i] < 0 for c in self._complements(verb))

    # -- pass 4: continuations -------------------------------------------------------------------
    def join_continuations(self, quotes: list[Found]) -> list[Found]:
        """One quote broken by its frame is one quote, with its parts.

        Inside a sentence ('"X," he said, "Y."') always; across sentences of one paragraph
        ('"X," he said. "Y."') when ``join_sentences`` (the default), as annotators mark one
        utterance: the parts keep the reporter's frame out of what was said. A new paragraph
        opening a new quotation after a closed one is a new quote whose speaker is carried over
        (a continuation), except in the ``attributions`` scope, which joins it as PolNeAR does.
        A quotation that really runs on into the next paragraph is already one region (see
        :mod:`.marks`).
        """
        polnear = self.join_sentences
        quotes.sort(key=lambda f: f.content[0])
        out: list[Found] = []
        for f in quotes:
            prev = out[-1] if out else None
            if f.kind == "direct" and f.continuation and prev is not None and prev.kind != "direct":
                # '"X," Sanders said, invoking the 2008 race. "Y."': a report inside the frame
                # (here "invoking ...") sits between the framed quote and its next sentence.
                prev = self._framed_before(out, f) or prev
            if prev is not None and prev.kind == "direct" and f.kind == "partial" and self._rest_of(prev, f):
                # '"We are ready," he said, "and the talks start tomorrow."': the lower-case
                # stretch after the frame finishes the quoted sentence; it is no fragment.
                self._extend(prev, f)
                continue
            if (
                polnear
                and prev is not None
                and prev.kind == "mixed"
                and f.kind == "direct"
                and f.continuation
                and prev.cue is not None
                and prev.para == f.para
                and prev.content[1] <= prev.cue[0] < f.content[0]
                and self._one_sentence(prev.content[1], f.content[0])
            ):
                # 'Yet Trump is also a "change agent," Cole said. "That's exactly what people
                # want."': the quotation after the frame goes on with the mixed quote.
                if not prev.parts:
                    prev.parts = [prev.content]  # a mixed quote's first part is its whole sentence
                self._extend(prev, f)
                continue
            if prev is not None and prev.kind == "direct" and f.kind == "direct" and prev.cue is not None:
                prev_end_para = self.para_of(prev.content[1] - 1)
                new_sentence = not polnear and self._sentence_break(prev, f)
                same_frame = f.cue == prev.cue and f.para == prev_end_para
                inline = (
                    f.continuation
                    and prev.para == f.para
                    and prev.content[1] <= prev.cue[0] < f.content[0]
                    and self._one_sentence(prev.content[1], f.content[0])
                )
                next_para = (
                    self.scope == "attributions"
                    and f.continuation
                    and f.para == prev_end_para + 1
                    and self._only_quotation(f)
                )
                if same_frame and new_sentence:
                    # The frame's verb claimed a second quotation in a sentence of its own
                    # ('He said: "X." "Y."'): that one speaks on without a cue of its own.
                    f.cue, f.subject, f.mention, f.continuation = None, None, None, True
                elif same_frame or (inline and not new_sentence) or next_para:
                    self._extend(prev, f)
                    continue
            out.append(f)
        for f in out:
            if len(f.parts) < 2:
                f.parts = []
        return out

    def _framed_before(self, out: list[Found], f: Found) -> Found | None:
        """The last framed direct quote before ``f`` when everything found after it lies in the
        frame between the two quotations, in one paragraph."""
        for k in range(len(out) - 1, -1, -1):
            g = out[k]
            if g.kind == "direct" and g.cue is not None:
                between = out[k + 1 :]
                inside = all(
                    g.content[1] <= h.content[0] and h.content[1] <= f.content[0] and h.para == f.para
                    for h in between
                )
                return g if g.para == f.para and inside else None
        return None

    def _extend(self, prev: Found, f: Found) -> None:
        """Make ``f``'s quotation(s) the next part of ``prev``: content first to last word."""
        if not prev.parts:
            prev.parts = [self._quoted(self.regions[k]) for k in sorted(prev.regions)]
        new = [self._quoted(self.regions[k]) for k in sorted(f.regions)]
        prev.parts += new
        prev.content = (prev.content[0], max(prev.content[1], *(e for _, e in new)))
        prev.regions = prev.regions + f.regions

    def _rest_of(self, prev: Found, f: Found) -> bool:
        """Whether a partial quote ``f`` is the second half of ``prev``'s quoted sentence, broken by
        the frame: the same cue between them, the first half ending in a comma or dash inside
        its marks, the frame ending in a comma, and one quotation in ``f``."""
        if prev.cue is None or f.cue != prev.cue or len(f.regions) != 1 or not prev.regions:
            return False
        last = self.regions[max(prev.regions)]
        nxt = self.regions[f.regions[0]]
        if not (last.end <= prev.cue[0] and prev.cue[1] <= nxt.start):
            return False
        if self.para_of(last.start) != self.para_of(nxt.start):
            return False
        if not self.text[last.inner_start : last.inner_end].rstrip().endswith((",", "\u2014", "\u2013", "-")):
            return False
        gap = self.text[last.end : nxt.start].rstrip()
        return gap.endswith((",", "\u2014", "\u2013")) and self._one_sentence(last.end, nxt.start)

    def _sentence_break(self, prev: Found, f: Found) -> bool:
        """Whether ``f``'s quotation starts a new sentence after ``prev``'s: the text before its
        opening mark, quotation marks and white space aside, ends a sentence (". ! ? …"), or a
        paragraph break lies between them."""
        if not prev.regions or not f.regions:
            return False
        first = self.regions[min(f.regions)]
        last_end = max(self.regions[k].end for k in prev.regions)
        if last_end > first.start:
            return False
        if self.para_of(last_end - 1) != self.para_of(first.start):
            return True
        before = self.text[prev.content[0] : first.start].rstrip()
        before = before.rstrip("\"\u201d\u00bb'\u2019 \t\n")
        return before.endswith((".", "!", "?", "\u2026"))

    def _only_quotation(self, f: Found) -> bool:
        """Whether ``f``'s paragraph holds nothing but its quotation(s)."""
        ps, pe = self.paras[f.para]
        outside = []
        pos = ps
        for k in sorted(f.regions):
            r = self.regions[k]
            outside.append(self.text[pos : r.start])
            pos = r.end
        outside.append(self.text[pos:pe])
        return not any(ch.isalnum() for ch in "".join(outside))

    def _one_sentence(self, start: int, end: int) -> bool:
        """Whether the text between two quotations is at most one sentence (the frame); full
        stops are counted as tokens, so abbreviations ("Sen.", "Minn.") do not count."""
        if end - start >= 300:
            return False
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return len(re.findall(r"[.!?](?=\s)", self.text[start:end])) <= 1
        return sum(1 for t in span if t.text in (".", "!", "?", "...", "\u2026")) <= 1

    def run(self) -> list[Found]:
        colon = self.post_embeds() + self.colon_reports()
        reports = colon + self.merge_regions(self.clausal_reports() + self.findings())
        # Two frames reporting the same clause (a parse with two heads): keep the first.
        seen: set[tuple[int, int]] = set()
        unique = []
        for f in reports:
            if f.content not in seen:
                seen.add(f.content)
                unique.append(f)
        # A report nested in another's content by the same speaker ("Putin said he believed
        # ...") is part of it; one by someone else ("X said that Trump told him ...") is kept.
        outer = [f for f in unique if f.kind in ("indirect", "mixed") and f.cue is not None]
        unique = [
            f
            for f in unique
            if f.cue is None
            or not any(
                g is not f
                and g.content[0] <= f.cue[0]
                and f.cue[1] <= g.content[1]
                and self._same_speaker(f.subject, g.subject)
                for g in outer
            )
        ]
        for f in outer:
            self._before_contrasted_report(f, unique)
        framed = self.framed_quotes()
        return self.join_continuations(unique + framed)

    def _before_contrasted_report(self, f: Found, reports: list[Found]) -> None:
        """ "Lavrov said the meeting was constructive, while Rubio said progress was slow": a
        report by someone else set against this one ends its content."""
        for g in reports:
            if g is f or g.subject is None or g.cue is None or self._same_speaker(g.subject, f.subject):
                continue
            left = g.subject.left_edge.i
            if not (f.content[0] < self.doc[left].idx and g.cue[1] <= f.content[1]) or left < 2:
                continue
            named = (
                g.subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                or g.subject.pos_ == "PROPN"
                # "America's top diplomat", "the Kremlin spokesman"
                or any(
                    c.dep_ in ("poss", "compound") and c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                    for c in g.subject.children
                )
            )
            if not named and g.subject.lower_ not in ("another", "others"):
                continue  # "while 37 percent of Americans say": a poll's figures, kept whole
            conj, comma = self.doc[left - 1], self.doc[left - 2]
            if conj.lower_ not in ("while", "whereas") or comma.text not in (",", ";"):
                continue
            end = comma.idx
            while end > f.content[0] and self.text[end - 1].isspace():
                end -= 1
            if len(self.text[f.content[0] : end].split()) >= 3:
                f.content = (f.content[0], end)
