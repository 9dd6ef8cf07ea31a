"""Build ``data/first_names.tsv``: common US first names and the sex they mostly belong to.

usage: pip install names==0.3.0 && python scripts/build_first_names.py

Source: the US Census Bureau's 1990 first-name frequency lists (public domain), as shipped in
the MIT-licensed ``names`` package (``dist.male.first``, ``dist.female.first``: the share of
men or women bearing each name). A name is kept when at least ``--share`` (default 0.85) of its
bearers, men and women counted equally, are of one sex; the others ("Jordan", "Leslie") are
kept with "?": they still say the word is a first name.

Why: the speaker resolver (``quotes/speakers.py``) needs a person's likely gender to decide whom
"he" or "she" refers to when no honorific ("Mr.", "Ms.") or earlier pronoun says so, and to
tell a person the entity recogniser took for an organisation ("Carly Fiorina") by the first name.
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "quotetrail" / "data" / "first_names.tsv"


def shares(name: str) -> dict[str, float]:
    out: dict[str, float] = {}
    text = resources.files("names").joinpath(name).read_text(encoding="ascii")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].capitalize()] = float(parts[1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--share", type=float, default=0.85)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    male, female = shares("dist.male.first"), shares("dist.female.first")
    rows = []
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m + f == 0:
            continue
        if m / (m + f) >= args.share:
            rows.append(f"{name}\tm")
        elif f / (m + f) >= args.share:
            rows.append(f"{name}\tf")
        else:
            rows.append(f"{name}\t?")
    header = "# first name<TAB>m|f|? -- US Census 1990 first-name lists (public domain); scripts/build_first_names.py\n"
    args.out.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} names of {len(set(male) | set(female))} written to {args.out}")


if __name__ == "__main__":
    main()
