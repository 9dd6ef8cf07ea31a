"""A speaker's positions over time: what they said on a topic, when, and who reported it.

:func:`build_timeline` selects a speaker's positions (optionally on one topic and within dates)
from a :class:`~quotetrail.statements.StatementIndex`, or from plain statements and positions as
the store loads them, and orders them by date. :func:`to_jsonl` writes one JSON object per
position for other tools; :func:`plot_timeline` draws it with matplotlib (the optional ``plot``
extra, imported only when a plot is asked for).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .statements import Position, Statement, StatementIndex, speaker_key, topic_matches
from .stories import SyndicationIndex, iso_date

logger = logging.getLogger(__name__)

UNKNOWN_OUTLET = "unknown outlet"


@dataclass(slots=True)
class TimelineReport:
    """One article's report of a statement."""

    doc_id: str
    source: str | None
    outlet: str | None
    agency: str | None
    date: str | None
    kind: str
    wording: str
    # Set when the article is a syndicated copy: who the text came from (agency or first outlet).
    copy_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "outlet": self.outlet,
            "agency": self.agency,
            "date": self.date,
            "kind": self.kind,
            "wording": self.wording,
            "copy_of": self.copy_of,
        }


@dataclass(slots=True)
class TimelineStatement:
    """One statement on a timeline line: its date, fullest wording, variants and reports."""

    id: str
    date: str | None
    text: str
    wordings: list[str]
    topics: list[str]
    reports: list[TimelineReport]
    # Articles reporting it, syndicated copies of one text counted once.
    independent_reports: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "text": self.text,
            "wordings": list(self.wordings),
            "topics": list(self.topics),
            "independent_reports": self.independent_reports,
            "reports": [r.to_dict() for r in self.reports],
        }


@dataclass(slots=True)
class TimelineLine:
    """One position: its statements in date order."""

    position_id: str
    speaker: str | None
    label: str
    topics: list[str]
    first_seen: str | None
    last_seen: str | None
    statements: list[TimelineStatement] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "position_id": self.position_id,
            "speaker": self.speaker,
            "label": self.label,
            "topics": list(self.topics),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "statements": [s.to_dict() for s in self.statements],
        }


@dataclass(slots=True)
class Timeline:
    """A speaker's positions in date order (earliest first)."""

    speaker: str
    topic: str | None
    date_from: str | None
    date_to: str | None
    lines: list[TimelineLine] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "topic": self.topic,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "lines": [line.to_dict() for line in self.lines],
        }


def _day(value: str | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    day = iso_date(value)
    if day is None:
        raise ConfigError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return day


def build_timeline(
    source: StatementIndex | Iterable[Statement],
    speaker: str,
    topic: str | None = None,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    *,
    positions: Iterable[Position] | None = None,
    syndication: SyndicationIndex | None = None,
) -> Timeline:
    """The positions of ``speaker`` in date order, with their statements and reports.

    ``source`` is a :class:`StatementIndex`, or statements (with ``positions`` when the caller
    has them; otherwise statements are grouped by their ``position_id``, and one without a
    position is a line of its own). ``topic`` keeps positions whose topics match it (see
    :func:`~quotetrail.statements.topic_matches`); ``date_from``/``date_to`` (inclusive,
    ``YYYY-MM-DD``) keep statements first seen within them. Positions left with no statement are
    dropped. An unknown speaker gives an empty timeline, not an error. With ``syndication``,
    reports from syndicated copies are marked (``copy_of``) and not counted as independent.
    """
    lo, hi = _day(date_from), _day(date_to)
    key = speaker_key(speaker)
    if isinstance(source, StatementIndex):
        stmts = {s.id: s for s in source.statements(speaker=speaker)}
        pos_list = source.positions(speaker=speaker)
    else:
        stmts = {s.id: s for s in source if s.speaker_key == key}
        if positions is not None:
            pos_list = [p for p in positions if p.speaker_key == key]
        else:
            grouped: dict[str, Position] = {}
            for s in stmts.values():
                pid = s.position_id or f"single:{s.id}"
                pos = grouped.setdefault(pid, Position(id=pid, speaker=s.speaker, speaker_key=key or ""))
                pos.statement_ids.append(s.id)
                pos.topics.update(s.topics)
            pos_list = list(grouped.values())
    lines: list[TimelineLine] = []
    for pos in pos_list:
        if topic and not topic_matches(topic, pos.topics):
            continue
        chosen = []
        for sid in pos.statement_ids:
            st = stmts.get(sid)
            if st is None:
                continue
            day = st.first_seen
            if (lo and (day is None or day < lo)) or (hi and (day is None or day[: len(hi)] > hi)):
                continue
            chosen.append(_timeline_statement(st, syndication))
        if not chosen:
            continue
        chosen.sort(key=lambda s: (s.date or "9999", s.id))
        days = [s.date for s in chosen if s.date]
        lines.append(
            TimelineLine(
                position_id=pos.id,
                speaker=pos.speaker,
                label=pos.label,
                topics=[t for t, _ in pos.topics.most_common()],
                first_seen=min(days) if days else None,
                last_seen=max(days) if days else None,
                statements=chosen,
            )
        )
    lines.sort(key=lambda line: (line.first_seen or "9999", line.position_id))
    return Timeline(speaker=speaker, topic=topic, date_from=lo, date_to=hi, lines=lines)


def _timeline_statement(st: Statement, syndication: SyndicationIndex | None) -> TimelineStatement:
    reports = []
    for r in st.reports:
        copy_of = None
        if syndication is not None and r.doc_id in syndication and syndication.is_copy(r.doc_id):
            copy_of = syndication.group_of(r.doc_id).origin or syndication.group_of(r.doc_id).origin_doc
        reports.append(
            TimelineReport(
                doc_id=r.doc_id,
                source=r.source,
                outlet=r.outlet,
                agency=r.agency,
                date=r.date,
                kind=r.kind,
                wording=r.text,
                copy_of=copy_of,
            )
        )
    reports.sort(key=lambda r: (r.date or "9999", r.outlet or ""))
    doc_ids = list(dict.fromkeys(r.doc_id for r in st.reports))
    independent = syndication.count_independent(doc_ids) if syndication is not None else len(doc_ids)
    return TimelineStatement(
        id=st.id,
        date=st.first_seen,
        text=st.text,
        wordings=[w.text for w in st.wordings],
        topics=list(st.topics),
        reports=reports,
        independent_reports=independent,
    )


def to_jsonl(timeline: Timeline) -> str:
    """One JSON object per position (line), earliest first, each holding its statements and reports."""
    out = []
    for line in timeline.lines:
        obj = line.to_dict()
        obj["timeline_speaker"] = timeline.speaker
        obj["timeline_topic"] = timeline.topic
        out.append(json.dumps(obj, ensure_ascii=False))
    return "\n".join(out) + ("\n" if out else "")


def plot_timeline(timeline: Timeline, path: str | Path) -> Path:
    """Draw the timeline to ``path`` (.png or .svg, chosen by extension) and return the path.

    Time runs along the x axis; each position is one row, labelled with its topics; each report
    is a mark coloured by outlet, and a line joins a position's first and last statement so a
    restated stance reads as one stretch. Needs matplotlib (``pip install quotetrail[plot]``).
    """
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in {"png", "svg"}:
        raise ConfigError(f"timeline plots are written as .png or .svg, not {out.suffix or 'no extension'!r}")
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ConfigError("plotting needs matplotlib: pip install 'quotetrail[plot]'") from exc

    rows = list(reversed(timeline.lines))  # earliest position at the top
    fig, ax = plt.subplots(figsize=(10, max(2.5, 0.55 * len(rows) + 1.5)))
    try:
        outlets: list[str] = []
        for line in rows:
            for st in line.statements:
                for r in st.reports:
                    name = r.outlet or r.agency or UNKNOWN_OUTLET
                    if name not in outlets:
                        outlets.append(name)
        cmap = plt.get_cmap("tab10" if len(outlets) <= 10 else "tab20")
        colours = {name: cmap(i % cmap.N) for i, name in enumerate(outlets)}
        plotted: set[str] = set()
        for y, line in enumerate(rows):
            days = [date.fromisoformat(s.date[:10]) for s in line.statements if s.date and len(s.date) >= 10]
            if len(days) > 1:
                ax.plot(mdates.date2num([min(days), max(days)]), [y, y], color="0.75", linewidth=2, zorder=1)
            for st in line.statements:
                for i, r in enumerate(st.reports):
                    if not r.date or len(r.date) < 10:
                        continue
                    name = r.outlet or r.agency or UNKNOWN_OUTLET
                    ax.scatter(
                        mdates.date2num([date.fromisoformat(r.date[:10])]),
                        [y + 0.12 * i],
                        color=colours[name],
                        s=45,
                        zorder=2,
                        label=name if name not in plotted else None,
                    )
                    plotted.add(name)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([_short(line.label or line.position_id) for line in rows])
        ax.set_ylim(-0.8, max(len(rows) - 0.2, 0.8))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        fig.autofmt_xdate()
        title = timeline.speaker + (f" on {timeline.topic}" if timeline.topic else "")
        ax.set_title(title)
        if not rows:
            ax.text(0.5, 0.5, "no statements", transform=ax.transAxes, ha="center", va="center")
        if plotted:
            ax.legend(title="outlet", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
        fig.tight_layout()
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, format=fmt)
    finally:
        plt.close(fig)
    logger.info("timeline plot written to %s", out)
    return out


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
