"""Telling people's names from other names: common first names and the sex they mostly belong to.

The small English model's recogniser often reads a person as an organisation or a place ("Carly
Fiorina" ORG, "Sean Hannity" ORG), and nothing in a name says whether "she" can refer to its
bearer. Both the speaker resolver (:mod:`quotetrail.quotes.speakers`) and the entity builder
(:mod:`quotetrail.entities`) use the same evidence: the US Census Bureau's 1990 first-name lists
(public domain), compiled into ``data/first_names.tsv`` by ``scripts/build_first_names.py``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Span

__all__ = ["first_name_gender", "first_names", "looks_like_person"]


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Common first name -> "m" or "f" when most of its bearers are of one sex, else "?"
    (``data/first_names.tsv``, from the US Census 1990 lists)."""
    text = resources.files("quotetrail").joinpath("data", "first_names.tsv").read_text(encoding="utf-8")
    return {
        name: sex
        for line in text.splitlines()
        if line and not line.startswith("#")
        for name, sex in [line.split("\t")]
    }


def first_name_gender(name: str) -> str | None:
    """ "m" or "f" for a first name most of whose bearers are of one sex, else None."""
    sex = first_names().get(name)
    return sex if sex in ("m", "f") else None


# Last words of places and organisations that start with a first name ("Edison Research",
# "Madison Square Garden", "Liberty University"): such an entity is no person.
_INSTITUTION_WORDS = frozenset(
    [
        "research",
        "foundation",
        "university",
        "college",
        "institute",
        "school",
        "academy",
        "center",
        "centre",
        "church",
        "city",
        "county",
        "island",
        "islands",
        "beach",
        "valley",
        "park",
        "street",
        "avenue",
        "square",
        "garden",
        "gardens",
        "airport",
        "bowl",
        "brothers",
        "capital",
        "international",
        "group",
        "party",
        "union",
        "times",
        "post",
        "news",
        "journal",
        "hall",
        "hospital",
        "company",
        "corporation",
        "inc",
        "corp",
        "co",
        "foods",
        "music",
        "records",
        "studios",
        "pictures",
        "tech",
        "promise",
        "power",
        "futures",
        "morning",
        "evening",
        "network",
        "club",
        "league",
        "association",
        "council",
        "committee",
        "bank",
        "fund",
        "trust",
        "partners",
        "holdings",
        "services",
        "systems",
        "solutions",
        "media",
        "press",
        "review",
        "magazine",
        "qaeda",
        "shell",
        "southern",
        "northern",
        "eastern",
        "western",
        "national",
        "federal",
        "democrats",
        "republicans",
    ]
)


# Surname particles that are also first names in the lists ("Le Pen", "De Niro", "Van Dyke").
_NAME_PARTICLES = frozenset(
    [
        "le",
        "la",
        "de",
        "di",
        "du",
        "da",
        "van",
        "von",
        "der",
        "den",
        "del",
        "dos",
        "das",
        "el",
        "st",
        "san",
        "santa",
    ]
)


def looks_like_person(ent: Span) -> bool:
    """Whether an entity the recogniser did not call a person is a first name and a surname
    ("Carly Fiorina" and "Sean Hannity" read as organisations): two capitalised proper nouns,
    or three with a middle initial, the first a common first name."""
    words = [t for t in ent if not t.is_punct or t.text == "."]
    if len(words) not in (2, 3) or ent.label_ in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL"):
        return False
    if len(words) == 3 and not (len(words[1].text) == 2 and words[1].text.endswith(".")):
        return False
    last = words[-1]
    return (
        words[0].text in first_names()
        and words[0].lower_ not in _NAME_PARTICLES
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words)
        and last.is_alpha
        and last.lower_ not in _INSTITUTION_WORDS
    )
