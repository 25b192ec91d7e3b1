"""A document as right-to-left HTML with its layers highlighted, in the manner of spaCy's displaCy.

``render(doc)`` gives a standalone page; ``render(doc, page=False)`` an HTML
fragment (what a ``Document`` shows in a notebook). Entities, timexes (value on
hover), quotes (their cue, their speaker, and a link from the quote to it) and
events (trigger mentions, location, actors, targets) are ``<mark>`` elements
over the text; labels are drawn by CSS, so the text shown is exactly the
document's text. Spans of different layers may overlap: a span that crosses
another's end is split into fragments sharing one ``data-id``.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

# Layer -> colour; one colour per entity label, distinct from the other layers.
COLOURS = {
    "PER": "#f9c5d1", "ORG": "#c9e4ff", "LOC": "#c8f0c0", "MISC": "#e8d9ff",
    "timex": "#ffe08a", "quote": "#fff6d9", "cue": "#ffb570", "speaker": "#9fe3dc",
    "event": "#ff8f8f", "role": "#d9d9d9",
}
# Which mark opens first (outermost) when two spans cover the same text.
NESTING = {"quote": 0, "event": 1, "speaker": 2, "cue": 3, "role": 4, "entity": 5, "timex": 6}

CSS = """
.naba { font-family: "Noto Naskh Arabic", "Amiri", "DejaVu Sans", sans-serif; direction: rtl; color: #222; }
.naba h2 { font-size: 1.2em; margin: .2em 0; }
.naba .naba-meta { color: #666; font-size: .85em; direction: ltr; text-align: right; }
.naba .naba-text { white-space: pre-wrap; line-height: 2.6; font-size: 1.05em; unicode-bidi: plaintext; }
.naba mark { color: inherit; border-radius: .3em; padding: .1em .2em; }
.naba mark[data-label]::after { content: attr(data-label); font-size: .62em; font-weight: bold;
  margin-inline-start: .35em; padding: 0 .25em; border-radius: .25em; background: rgba(255,255,255,.7);
  vertical-align: middle; direction: ltr; unicode-bidi: isolate; }
.naba mark.naba-PER { background: %(PER)s; }
.naba mark.naba-ORG { background: %(ORG)s; }
.naba mark.naba-LOC { background: %(LOC)s; }
.naba mark.naba-MISC { background: %(MISC)s; }
.naba mark.naba-timex { background: %(timex)s; }
.naba mark.naba-quote { background: %(quote)s; border-bottom: 2px solid #d4a017; border-radius: 0; padding: .1em 0; }
.naba mark.naba-cue { background: %(cue)s; font-weight: bold; }
.naba mark.naba-speaker { background: %(speaker)s; outline: 2px solid #2a9d8f; }
.naba mark.naba-event { background: %(event)s; font-weight: bold; }
.naba mark.naba-role { background: transparent; border-bottom: 2px dashed #555; border-radius: 0; }
.naba a.naba-to-speaker { text-decoration: none; color: #2a9d8f; font-size: .8em; }
.naba a.naba-to-speaker::before { content: " \\2014 " attr(data-name); }
.naba .naba-legend span { display: inline-block; margin: 0 .2em; padding: 0 .4em; border-radius: .3em; font-size: .8em; }
.naba table { border-collapse: collapse; font-size: .85em; margin: .6em 0; }
.naba td, .naba th { border: 1px solid #ddd; padding: .2em .5em; text-align: right; vertical-align: top; }
.naba :target { outline: 3px solid #e76f51; }
""" % COLOURS


@dataclass
class Mark:
    start: int
    end: int
    layer: str                 # entity, timex, quote, cue, speaker, event, role
    css: str                   # the class after "naba-" (PER, timex, ...)
    ident: str                 # data-id, shared by all fragments
    label: str = ""            # drawn after the first fragment
    title: str = ""            # shown on hover
    anchor: str = ""           # an HTML id on the first fragment
    after: str = ""            # HTML written after the last fragment (the quote's link to its speaker)
    attrs: dict = field(default_factory=dict)


def render(doc, page: bool = True) -> str:
    """HTML for a ``Document`` or a ``docs.jsonl`` record: a whole page, or a fragment when ``page=False``."""
    record = doc.to_dict() if hasattr(doc, "to_dict") else doc
    body = render_body(record)
    if not page:
        return f"<style>{CSS}</style>{body}"
    return _page(record.get("title") or record.get("id") or "naba", body)


def render_page(records: list[dict]) -> str:
    """One page for several documents, with a list of links to each."""
    links = "".join(f'<li><a href="#{_slug(r.get("id"))}">{escape(r.get("title") or r.get("id") or "")}</a></li>'
                     for r in records)
    body = (f'<nav class="naba"><ol>{links}</ol></nav>' if len(records) > 1 else "")
    body += "<hr>".join(render_body(r) for r in records)
    return _page(f"{len(records)} documents" if len(records) > 1 else records[0].get("id") or "naba", body)


def render_body(record: dict) -> str:
    text = record.get("text") or ""
    slug = _slug(record.get("id"))
    meta = " · ".join(escape(str(v)) for v in (record.get("id"), record.get("dct"), record.get("source")) if v)
    parts = [f'<article class="naba" id="{slug}" dir="rtl" lang="ar">']
    if record.get("title"):
        parts.append(f"<h2>{escape(record['title'])}</h2>")
    parts.append(f'<div class="naba-meta">{meta}</div>')
    if record.get("error"):
        parts.append(f'<div class="naba-meta">error: {escape(record["error"])}</div>')
    parts.append(_legend())
    parts.append(f'<div class="naba-text">{highlight(text, marks(record, slug))}</div>')
    parts.append(_quote_table(record, slug))
    parts.append(_event_table(record, slug))
    parts.append("</article>")
    return "".join(parts)


def marks(record: dict, slug: str = "") -> list[Mark]:
    """Every highlighted span of a record, in text order (outer spans first)."""
    out = []
    entities = {e.get("id"): e for e in record.get("entities") or []}
    for e in record.get("entities") or []:
        title = " · ".join(str(v) for v in (e.get("label"), e.get("subtype"), e.get("canonical") or e.get("norm"))
                           if v)
        out.append(Mark(e["start"], e["end"], "entity", e.get("label") or "MISC", e.get("id") or "",
                        e.get("label") or "", title, anchor=f"{slug}-{e.get('id')}"))
    for t in record.get("timexes") or []:
        out.append(Mark(t["start"], t["end"], "timex", "timex", t.get("id") or "", t.get("type") or "",
                        f"{t.get('type')} {t.get('value')}", attrs={"data-value": t.get("value") or ""}))
    shared: dict[tuple, Mark] = {}   # one cue or speaker mark for the quotes that share it
    for q in record.get("quotes") or []:
        qid, speaker, cue = q.get("id") or "", q.get("speaker"), q.get("cue")
        name = _speaker_name(speaker, entities)
        title = " · ".join(v for v in (q.get("kind"), name, (cue or {}).get("class")) if v)
        quote = Mark(q["start"], q["end"], "quote", "quote", qid, "", title, anchor=f"{slug}-{qid}")
        out.append(quote)
        if cue:
            _shared(out, shared, Mark(cue["start"], cue["end"], "cue", "cue", f"{qid}-cue",
                                      cue.get("class") or "", f"cue of {qid}"), qid)
        if speaker:
            target = _shared(out, shared, Mark(speaker["start"], speaker["end"], "speaker", "speaker",
                                               f"{qid}-speaker", "", f"speaker of {qid}: {name}",
                                               anchor=f"{slug}-{qid}-speaker"), qid)
            quote.after = (f'<a class="naba-to-speaker" href="#{target.anchor}" data-name="{escape(name)}" '
                           f'title="{escape(name)}"></a>')
    for v in record.get("events") or []:
        vid = v.get("id") or ""
        title = _event_summary(v)
        for i, m in enumerate(v.get("mentions") or []):
            out.append(Mark(m["start"], m["end"], "event", "event", vid, v.get("sub_event_type") or
                            v.get("event_type") or "", title, anchor=f"{slug}-{vid}" if i == 0 else ""))
        place = v.get("location")
        roles = [("location", place)] if place and place.get("end") is not None else []
        roles += [("actor", a) for a in v.get("actors") or []] + [("target", a) for a in v.get("targets") or []]
        for role, span in roles:
            if span.get("start") is not None and span.get("end") is not None:
                out.append(Mark(span["start"], span["end"], "role", "role", f"{vid}-{role}", "",
                                f"{role} of {vid}", attrs={"data-role": role}))
    out = [m for m in out if m.end > m.start]
    out.sort(key=lambda m: (m.start, -m.end, NESTING[m.layer]))
    return out


def _shared(out: list[Mark], shared: dict, mark: Mark, qid: str) -> Mark:
    """``mark``, or the mark already made for the same span of the same layer (its title names both quotes)."""
    key = (mark.layer, mark.start, mark.end)
    if key in shared:
        shared[key].title += f" · {qid}"
        return shared[key]
    shared[key] = mark
    out.append(mark)
    return mark


def highlight(text: str, spans: list[Mark]) -> str:
    """``text`` as escaped HTML with the marks nested properly (a crossing span is split)."""
    opens: dict[int, list[Mark]] = {}
    for m in spans:
        opens.setdefault(m.start, []).append(m)
    stops = sorted({m.start for m in spans} | {m.end for m in spans} | {0, len(text)})
    stack: list[Mark] = []
    first_done: set[int] = set()
    html = []
    for i, pos in enumerate(stops):
        # close what ends here; marks opened after a closing one are reopened as fragments
        ending = [m for m in stack if m.end == pos]
        if ending:
            depth = min(stack.index(m) for m in ending)
            above = stack[depth:]
            for m in reversed(above):
                html.append("</mark>")
                if m.end == pos:
                    html.append(m.after)
            stack = stack[:depth]
            for m in above:
                if m.end != pos:
                    html.append(_open(m, first=False))
                    stack.append(m)
        for m in opens.get(pos, []):
            html.append(_open(m, first=id(m) not in first_done))
            first_done.add(id(m))
            stack.append(m)
        if i + 1 < len(stops):
            html.append(escape(text[pos:stops[i + 1]], quote=False))
    return "".join(html)


def show(path: str, doc_id: str | None, output: str) -> int:
    """``naba show``: write the page for one document (``--id``) or all of ``docs.jsonl``."""
    source = Path(path)
    if source.is_dir():
        source = source / "docs.jsonl"
    records = []
    with open(source, encoding="utf-8") as f:
        for line in f:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a torn or blank line
            if doc_id is None or record.get("id") == doc_id:
                records.append(record)
    if not records:
        what = f"no document with id {doc_id!r}" if doc_id else "no documents"
        print(f"naba: error: {what} in {source}", file=sys.stderr)
        return 2
    html = render(records[0]) if len(records) == 1 else render_page(records)
    if output == "-":
        sys.stdout.write(html)
    else:
        Path(output).write_text(html, encoding="utf-8")
        print(f"{len(records)} document(s) -> {output}", file=sys.stderr)
    return 0


def _open(m: Mark, first: bool) -> str:
    attrs = {"class": f"naba-{m.css}" + ("" if first else " naba-cont"), "data-layer": m.layer,
             "data-id": m.ident, "title": m.title, **m.attrs}
    if first and m.label:
        attrs["data-label"] = m.label
    if first and m.anchor:
        attrs["id"] = m.anchor
    return "<mark " + " ".join(f'{k}="{escape(str(v))}"' for k, v in attrs.items()) + ">"


def _speaker_name(speaker: dict | None, entities: dict) -> str:
    if not speaker:
        return ""
    entity = entities.get(speaker.get("entity")) or {}
    return speaker.get("name") or entity.get("canonical") or speaker.get("text") or ""


def _event_summary(v: dict) -> str:
    place = v.get("location") or {}
    actors = "، ".join(a.get("name") or a.get("text") or "" for a in v.get("actors") or [])
    bits = [v.get("event_type"), v.get("sub_event_type"), v.get("date"), place.get("name") or place.get("text"),
            actors, v.get("instrument"), v.get("modality")]
    if v.get("fatalities") is not None:
        bits.append(f"fatalities {v['fatalities']}")
    if v.get("injuries") is not None:
        bits.append(f"injuries {v['injuries']}")
    return " · ".join(str(b) for b in bits if b)


def _quote_table(record: dict, slug: str) -> str:
    quotes = record.get("quotes") or []
    if not quotes:
        return ""
    entities = {e.get("id"): e for e in record.get("entities") or []}
    first: dict[tuple, str] = {}   # a speaker span's anchor is named after the first quote that has it
    rows = []
    for q in quotes:
        speaker = q.get("speaker")
        who = escape(_speaker_name(speaker, entities))
        if speaker:
            owner = first.setdefault((speaker["start"], speaker["end"]), q.get("id"))
            who = f'<a href="#{slug}-{owner}-speaker">{who}</a>'
        cue = q.get("cue") or {}
        rows.append(f'<tr><td><a href="#{slug}-{q.get("id")}">{escape(q.get("id") or "")}</a></td><td>{who}</td>'
                    f'<td>{escape(cue.get("text") or "")} {escape(cue.get("class") or "")}</td>'
                    f'<td>{escape(q.get("kind") or "")}</td><td>{escape(_short(q.get("text") or ""))}</td></tr>')
    return ('<table class="naba-quotes"><tr><th>quote</th><th>speaker</th><th>cue</th><th>kind</th>'
            '<th>text</th></tr>' + "".join(rows) + "</table>")


def _event_table(record: dict, slug: str) -> str:
    events = record.get("events") or []
    if not events:
        return ""
    rows = []
    for v in events:
        anchor = f'<a href="#{slug}-{v.get("id")}">{escape(v.get("id") or "")}</a>' if v.get("mentions") else \
            escape(v.get("id") or "")
        place = v.get("location") or {}
        cells = [v.get("event_type"), v.get("sub_event_type"), v.get("date"),
                 place.get("name") or place.get("text"),
                 "، ".join(a.get("name") or a.get("text") or "" for a in v.get("actors") or []),
                 v.get("fatalities"), v.get("modality")]
        rows.append(f"<tr><td>{anchor}</td>" + "".join(f"<td>{escape('' if c is None else str(c))}</td>"
                                                        for c in cells) + "</tr>")
    return ('<table class="naba-events"><tr><th>event</th><th>type</th><th>sub-type</th><th>date</th>'
            '<th>location</th><th>actors</th><th>fatalities</th><th>modality</th></tr>' + "".join(rows) + "</table>")


def _legend() -> str:
    names = [("PER", "PER"), ("ORG", "ORG"), ("LOC", "LOC"), ("MISC", "MISC"), ("timex", "time"),
             ("quote", "quote"), ("cue", "cue"), ("speaker", "speaker"), ("event", "event")]
    return '<div class="naba-legend">' + "".join(
        f'<span style="background:{COLOURS[key]}">{name}</span>' for key, name in names) + "</div>"


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f'<title>{escape(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n')


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _slug(value) -> str:
    return re.sub(r"[^\w-]", "_", str(value or "doc"))
