"""`naba eval`: score docs.jsonl against gold files, by the rules of spec/evaluation.md.

Documents pair by id; a record whose text differs from the gold text scores
as empty. Entities: exact span (or an accepted alternative), a prediction may
carry extra proclitic letters on the left; MISC is not scored. Timexes: one-to-
one pairing by largest overlap; value and value-day accuracy on the pairs.
Quotes: pairs overlapping at least half of each; attribution by speaker alias.
Events: same type, same day, matching location alias.
"""
from __future__ import annotations

import json
from pathlib import Path

import regex

from .jsonl import read_records

PROCLITIC_LETTERS = set("وفبلك")
SCORED_LABELS = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC"}


def match_form(s: str | None) -> str:
    """Diacritics and tatweel removed, alef/ya/ta-marbuta unified, spaces collapsed."""
    s = regex.sub(r"[\u064b-\u0652\u0670\u0640]", "", s or "")
    s = regex.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    return " ".join(s.split())


def _overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _spans(gold: dict) -> list[tuple[int, int]]:
    return [(gold["start"], gold["end"])] + [tuple(a) for a in gold.get("alts", [])]


def _touches(span, regions) -> bool:
    return any(_overlap(span, r) > 0 for r in regions)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Counts:
    """tp/fp/fn per key, reported as P/R/F1."""

    def __init__(self):
        self.table: dict[str, list[int]] = {}

    def add(self, key: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        row = self.table.setdefault(key, [0, 0, 0])
        row[0] += tp
        row[1] += fp
        row[2] += fn

    def report(self) -> dict:
        out = {}
        for key, (tp, fp, fn) in sorted(self.table.items()):
            p, r, f = prf(tp, fp, fn)
            out[key] = {"tp": tp, "fp": fp, "fn": fn, "p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
        return out


def _entity_hit(text: str, pred, gold) -> bool:
    """pred equals gold, or extends it on the left by up to 3 proclitic letters."""
    if pred[1] != gold[1] or pred[0] > gold[0]:
        return False
    extra = text[pred[0]:gold[0]]
    return len(extra) <= 3 and all(c in PROCLITIC_LETTERS for c in extra)


def score_entities(gold: dict, predicted: list[dict], counts: Counts) -> None:
    text = gold["text"]
    neutral = [tuple(r) for r in gold.get("ignore", [])] + \
              [(o["start"], o["end"]) for o in gold.get("optional_entities", [])]
    golds = [g for g in gold["entities"] if SCORED_LABELS.get(g["label"]) in ("PER", "ORG", "LOC")]
    matched: set[int] = set()
    for p in predicted:
        label = SCORED_LABELS.get(str(p.get("label", "")).upper())
        if label is None:
            continue
        span = (p["start"], p["end"])
        hit = next((i for i, g in enumerate(golds) if i not in matched and SCORED_LABELS[g["label"]] == label
                    and any(_entity_hit(text, span, s) for s in _spans(g))), None)
        if hit is not None:
            matched.add(hit)
            counts.add(label, tp=1)
            counts.add("ALL", tp=1)
        elif not _touches(span, neutral):
            counts.add(label, fp=1)
            counts.add("ALL", fp=1)
    for i, g in enumerate(golds):
        if i not in matched:
            counts.add(SCORED_LABELS[g["label"]], fn=1)
            counts.add("ALL", fn=1)


def _pair_by_overlap(golds, preds, acceptable) -> tuple[list[tuple[int, int]], set[int]]:
    candidates = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            ov = max(_overlap(s, (p["start"], p["end"])) for s in _spans(g))
            if ov > 0 and acceptable(g, p):
                candidates.append((ov, gi, pi))
    candidates.sort(reverse=True)
    used_gold, used_pred, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs, used_pred


def score_timexes(gold: dict, predicted: list[dict], counts: Counts, details: list) -> None:
    neutral = [tuple(r) for r in gold.get("ignore", [])] + \
              [(o["start"], o["end"]) for o in gold.get("optional_timexes", [])]
    golds = gold["timexes"]
    pairs, used = _pair_by_overlap(golds, predicted, lambda g, p: True)
    fp = sum(1 for i, p in enumerate(predicted) if i not in used and not _touches((p["start"], p["end"]), neutral))
    counts.add("extent", tp=len(pairs), fp=fp, fn=len(golds) - len(pairs))
    exact = same_day = 0
    for gi, pi in pairs:
        g, value = golds[gi], str(predicted[pi].get("value", ""))
        accepted = [g["value"]] + g.get("values", [])
        good = value in accepted
        exact += good
        same_day += good or (len(value) >= 10 and any(len(a) >= 10 and a[:10] == value[:10] for a in accepted))
        details.append({"doc": gold["id"], "text": g["text"], "gold": g["value"], "pred": value, "ok": good})
    counts.add("value", tp=exact, fp=fp + len(pairs) - exact, fn=len(golds) - exact)
    counts.add("value-day", tp=same_day, fp=fp + len(pairs) - same_day, fn=len(golds) - same_day)


def _speaker_ok(gold: dict, pred: dict) -> bool:
    speaker = pred.get("speaker") or {}
    names = [speaker.get(k, "") for k in ("text", "name", "entity_text", "canonical")]
    names = [match_form(n) for n in names if isinstance(n, str) and n.strip()]
    for alias in map(match_form, gold.get("speaker", [])):
        if any(alias in n or (len(n) >= 3 and n in alias) for n in names):
            return True
    return False


def score_quotes(gold: dict, predicted: list[dict], counts: Counts, details: list) -> None:
    optional = [(o["start"], o["end"]) for o in gold.get("optional_quotes", [])]
    golds = gold["quotes"]

    def half_each(g, p):
        ov = max(_overlap(s, (p["start"], p["end"])) for s in _spans(g))
        return ov >= 0.5 * (g["end"] - g["start"]) and ov >= 0.5 * (p["end"] - p["start"])

    pairs, used = _pair_by_overlap(golds, predicted, half_each)
    fp = sum(1 for i, p in enumerate(predicted) if i not in used and not _touches((p["start"], p["end"]), optional))
    counts.add("content", tp=len(pairs), fp=fp, fn=len(golds) - len(pairs))
    right = 0
    for gi, pi in pairs:
        good = _speaker_ok(golds[gi], predicted[pi])
        right += good
        details.append({"doc": gold["id"], "quote": golds[gi]["text"][:40], "gold": golds[gi].get("speaker"),
                        "pred": (predicted[pi].get("speaker") or {}).get("text"), "ok": good})
    counts.add("attributed", tp=right, fp=fp + len(pairs) - right, fn=len(golds) - right)
    _score_quotes_by_kind(golds, predicted, pairs, used, optional, counts)


def _score_quotes_by_kind(golds, predicted, pairs, used, optional, counts: Counts) -> None:
    """The same pairing, split by kind: hits and misses by the gold quote's kind, false alarms
    by the predicted one's (not in score.py, which reports the totals only)."""
    for kind in ("direct", "indirect"):
        hits = [(gi, pi) for gi, pi in pairs if golds[gi].get("kind") == kind]
        right = sum(_speaker_ok(golds[gi], predicted[pi]) for gi, pi in hits)
        n_gold = sum(1 for g in golds if g.get("kind") == kind)
        fp = sum(1 for i, p in enumerate(predicted) if i not in used and p.get("kind") == kind
                 and not _touches((p["start"], p["end"]), optional))
        counts.add(f"content-{kind}", tp=len(hits), fp=fp, fn=n_gold - len(hits))
        counts.add(f"attributed-{kind}", tp=right, fp=fp + len(hits) - right, fn=n_gold - right)


def _location_names(event: dict) -> list[str]:
    loc = event.get("location") or {}
    if isinstance(loc, str):
        return [match_form(loc)]
    return [match_form(loc.get(k)) for k in ("text", "name", "name_ar", "canonical") if isinstance(loc.get(k), str)]


def _location_ok(aliases: list[str], event: dict) -> bool:
    names = [n for n in _location_names(event) if n and len(n) >= 3]
    return any(a == n or a in n or n in a for a in map(match_form, aliases) for n in names)


def score_events(gold: dict, predicted: list[dict], counts: Counts) -> None:
    golds = gold.get("events", [])
    used: set[int] = set()
    subtype_ok = 0
    for g in golds:
        for i, p in enumerate(predicted):
            if i not in used and p.get("event_type") == g["event_type"] \
                    and str(p.get("date", ""))[:10] in [g["date"]] + g.get("dates", []) \
                    and _location_ok(g["location"], p):
                used.add(i)
                subtype_ok += p.get("sub_event_type") == g.get("sub_event_type")
                break
    fp = 0
    for i, p in enumerate(predicted):
        if i in used:
            continue
        optional = any(_location_ok(o.get("location", []), p)
                       and (not o.get("date") or str(p.get("date", ""))[:10] == o["date"])
                       for o in gold.get("optional_events", []))
        fp += not optional
    tp = len(used)
    counts.add("events", tp=tp, fp=fp, fn=len(golds) - tp)
    counts.add("events+subtype", tp=subtype_ok, fp=fp + tp - subtype_ok, fn=len(golds) - subtype_ok)


def evaluate(gold_dir: str | Path, predictions: str | Path) -> dict:
    records = {}
    for record in read_records(predictions):  # a torn last line is skipped with a warning
        records[record.get("id")] = record
    layers = {name: Counts() for name in ("entities", "timexes", "quotes", "events")}
    values, speakers, problems = [], [], []
    for path in sorted(Path(gold_dir).glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = records.get(gold["id"])
        if record is None:
            problems.append(f"{gold['id']}: no record")
            record = {}
        elif record.get("text") != gold["text"]:
            problems.append(f"{gold['id']}: record text differs from gold text; offsets not comparable")
            record = {}
        score_entities(gold, record.get("entities") or [], layers["entities"])
        score_timexes(gold, record.get("timexes") or [], layers["timexes"], values)
        score_quotes(gold, record.get("quotes") or [], layers["quotes"], speakers)
        score_events(gold, record.get("events") or [], layers["events"])
    report = {name: counts.report() for name, counts in layers.items()}
    report.update({"problems": problems, "timex_values": values, "quote_speakers": speakers})
    return report


def format_table(report: dict) -> str:
    lines = [f"{'layer':9s} {'measure':15s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp   fp   fn"]
    for layer in ("entities", "timexes", "quotes", "events"):
        for key, v in report[layer].items():
            lines.append(f"{layer:9s} {key:15s} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} "
                         f"{v['tp']:4d} {v['fp']:4d} {v['fn']:4d}")
    lines.extend(f"problem: {p}" for p in report["problems"])
    return "\n".join(lines)
