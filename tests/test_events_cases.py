"""Parametrized cases for the events stage (issue 9), data in tests/event_cases.json.

An expected event is matched as spec/evaluation.md scores events: same
`event_type`, same day (`date` or one of `dates`), and a location whose text or
name contains one of the aliases or is contained in one, after `match_form`
(pipeline.evaluate's own helpers, so the two cannot drift). On the matched
record, sub-type, modality, fatalities and, where the case gives them,
injuries, instrument and actors are separate subtests. Every predicted event
must be expected (or `optional`, with the modality it names, e.g. a denied
attack); every span must match the text. A summary test scores all cases
with `pipeline.evaluate.score_events`.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import assert_offsets
from pipeline.evaluate import Counts, _location_ok, match_form, score_events

CASES = json.loads((Path(__file__).parent / "event_cases.json").read_text(encoding="utf-8"))["cases"]

# ACLED event types and their sub-types (ACLED Codebook), used to check the case file.
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
MODALITIES = {"reported", "claimed", "denied", "foiled"}
INSTRUMENTS = {"drone", "aircraft", "missile", "artillery", "explosive", "car_bomb", "suicide", "firearm",
               "chemical", "grenade", "blade", "fire"}


def case_id(case: dict) -> str:
    return f"{case['group']}-{case['id']}"


def any_of(value) -> list:
    """A case field given as one value or a list of accepted values."""
    return value if isinstance(value, list) else [value]


def same_day(event: dict, expected: dict) -> bool:
    return str(event.get("date", ""))[:10] in [expected["date"]] + expected.get("dates", [])


def matches(event: dict, expected: dict) -> bool:
    return event.get("event_type") == expected["event_type"] and same_day(event, expected) \
        and _location_ok(expected["location"], event)


def pair(expected: list[dict], predicted: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Greedy pairing in case order, as the scorer does: (pairs, missing expected, unpaired predicted)."""
    used: set[int] = set()
    pairs, missing = [], []
    for exp in expected:
        hit = next((i for i, ev in enumerate(predicted) if i not in used and matches(ev, exp)), None)
        if hit is None:
            missing.append(exp)
        else:
            used.add(hit)
            pairs.append((exp, predicted[hit]))
    return pairs, missing, [ev for i, ev in enumerate(predicted) if i not in used]


def is_optional(event: dict, optional: dict) -> bool:
    return _location_ok(optional["location"], event) and (not optional.get("date") or same_day(event, optional))


def brief(event: dict) -> str:
    loc = event.get("location") or {}
    return (f"{event.get('event_type')} / {event.get('sub_event_type')} on {event.get('date')} at "
            f"{loc.get('text') or loc.get('name')!r} ({event.get('modality')}, fatalities {event.get('fatalities')})")


def argument_names(arguments) -> list[str]:
    return [match_form(a.get(k)) for a in arguments or [] for k in ("text", "name") if isinstance(a.get(k), str)]


@pytest.fixture(scope="module")
def annotate(nlp):
    """Each case's docs.jsonl record, computed once for the case tests and the summary."""
    cache: dict[str, dict] = {}

    def run(case: dict) -> dict:
        if case["id"] not in cache:
            cache[case["id"]] = nlp(case["text"], dct=case["dct"]).to_dict()
        return cache[case["id"]]
    return run


def test_case_file_is_well_formed():
    assert len(CASES) >= 70
    assert len({c["id"] for c in CASES}) == len(CASES), "case ids must be unique"
    for case in CASES:
        where = case_id(case)
        for exp in case["events"]:
            assert exp["sub_event_type"] in ACLED[exp["event_type"]], where
            assert "fatalities" in exp and all(f is None or isinstance(f, int) for f in any_of(exp["fatalities"])), where
            assert set(any_of(exp.get("modality", "reported"))) <= MODALITIES, where
            assert set(any_of(exp.get("instrument", []))) <= INSTRUMENTS, where
            for day in [exp["date"]] + exp.get("dates", []):
                assert len(day) == 10 and day[4] == day[7] == "-", where
            # Aliases are written as in the text (so a location or actor span can contain them).
            for alias in exp["location"] + exp.get("actors", []):
                assert match_form(alias) in match_form(case["text"]), (where, alias)
        for opt in case.get("optional", []):
            assert opt["modality"] in MODALITIES and opt["location"], where


def checks(case: dict, predicted: list[dict]) -> list[tuple[str, bool, str]]:
    """(check, passed, message) for one case's predicted events."""
    out = []
    pairs, missing, unpaired = pair(case["events"], predicted)
    for exp in missing:
        out.append((f"matched: {exp['sub_event_type']} at {exp['location'][0]} on {exp['date']}", False,
                    f"no predicted event has type {exp['event_type']!r}, day {exp['date']} and a location in "
                    f"{exp['location']}; predicted: {[brief(ev) for ev in predicted]}"))
    for exp, ev in pairs:
        label = f"{exp['sub_event_type']} at {exp['location'][0]} on {exp['date']}"
        wanted = {"sub_event_type": exp["sub_event_type"], "modality": exp.get("modality", "reported"),
                  "fatalities": exp["fatalities"]}
        wanted.update({k: exp[k] for k in ("injuries", "instrument") if k in exp})
        for field, value in wanted.items():
            out.append((f"{field}: {label}", ev.get(field) in any_of(value),
                        f"{label}: {field} {ev.get(field)!r}, expected {value!r}"))
        if "actors" in exp:
            names = argument_names(ev.get("actors"))
            out.append((f"actors: {label}",
                        any(a in n or n in a for a in map(match_form, exp["actors"]) for n in names if n),
                        f"{label}: actors {[a.get('text') for a in ev.get('actors') or []]}, "
                        f"expected one of {exp['actors']}"))
        out.append((f"mentions: {label}", bool(ev.get("mentions")), f"{label}: no mentions"))
    extra = []
    for ev in unpaired:
        optional = next((o for o in case.get("optional", []) if is_optional(ev, o)), None)
        if optional is None:
            extra.append(brief(ev))
        else:
            out.append((f"optional event modality: {brief(ev)}", ev.get("modality") == optional["modality"],
                        f"accepted only with modality {optional['modality']!r}: {brief(ev)}"))
    out.append(("no extra events", not extra, f"{len(extra)} event(s) not expected: {extra}"))
    return out


# Cases the rules get partly wrong today, with what goes wrong. They still run: offsets must hold, the
# summary test below counts them, and an xfail names the failing checks. Remove an entry once it passes.
KNOWN_LIMITS = {
    "shelling-artillery-residential": "actor after the trigger (شنته ميليشيات الحوثي) read as the victims' phrase",
    "ied-ied-army-vehicle": "the accused group (اتهمت السلطات حزب العمال) is not taken as the actor",
    "ied-sticky-bomb-officer": "a sticky bomb (عبوة لاصقة) is not a listed weapon",
    "clash-two-sides-summed": "the two sides of a clash named after the trigger (بين X وY) are not actors",
    "ongoing-battles-present": "the two sides named after بين are not actors",
    "stabbing-street": "the wounded of a stabbing (طعن ثلاثة مارة) are not counted from the verb's object",
    "rally-square": "a square name the NER takes for a city elsewhere (رياض) splits one protest in two",
    "villagers-attack-station": "a killing that caused the riot (إثر مقتل) is counted as its fatality",
    "ballistic-intercepted": "an intercepted missile's weapon: the air-defence words win over the missile",
    "group-adopts-drone-attack": "a claim verb before its subject and object: the mention is not read as claimed",
    "same-place-two-days": "the second day's shelling takes no weapon from the first clause",
    "police-deny-blast": "a denied blast: the controlled detonation in the same sentence still yields an event",
}


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_event_case(annotate, case, subtests):
    record = annotate(case)
    assert not record.get("error"), record["error"]
    with subtests.test("spans match the text"):
        assert_offsets(record)
    results = checks(case, record.get("events") or [])
    known = KNOWN_LIMITS.get(case["id"]) or KNOWN_LIMITS.get(case_id(case))
    if known:
        failing = [message for _, passed, message in results if not passed]
        if failing:
            pytest.xfail(f"known limitation: {known}: {failing}")
        return
    for name, passed, message in results:
        with subtests.test(name):
            assert passed, message


def perfect(expected: dict, location: str) -> dict:
    """The record a perfect stage would give for an expected event (for testing the checks themselves)."""
    return {"event_type": expected["event_type"], "sub_event_type": expected["sub_event_type"],
            "date": expected["date"], "location": {"text": location},
            "modality": any_of(expected.get("modality", "reported"))[0],
            "fatalities": any_of(expected["fatalities"])[0],
            "injuries": any_of(expected.get("injuries"))[0], "instrument": any_of(expected.get("instrument"))[0],
            "actors": [{"text": a} for a in expected.get("actors", [])[:1]], "mentions": [{"text": "x"}]}


def test_checks_can_fail():
    case = next(c for c in CASES if c["id"] == "ied-and-mortars")
    good = [perfect(e, e["location"][0]) for e in case["events"]]
    assert all(passed for _, passed, _ in checks(case, good))
    # A location span with a proclitic or a head noun still matches (containment after match_form).
    assert all(passed for _, passed, _ in checks(case, [dict(good[0], location={"text": "بسامراء"}), good[1]]))

    def failed(predicted):
        return sorted(name.split(":")[0] for name, passed, _ in checks(case, predicted) if not passed)

    assert failed([dict(good[0], date="2015-08-07"), good[1]]) == ["matched", "no extra events"]
    assert failed([dict(good[0], location={"text": "بغداد"}), good[1]]) == ["matched", "no extra events"]
    assert failed([good[0], dict(good[1], sub_event_type="Air/drone strike", fatalities=0)]) \
        == ["fatalities", "sub_event_type"]
    assert failed(good + [good[0]]) == ["no extra events"]       # a duplicate is an extra record
    assert failed([]) == ["matched", "matched"]
    denied = next(c for c in CASES if c["id"] == "army-denies-shelling")
    record = {"event_type": "Explosions/Remote violence", "date": denied["dct"], "location": {"text": "درعا"}}
    assert [p for _, p, _ in checks(denied, [dict(record, modality="denied")])] == [True, True]
    assert [p for _, p, _ in checks(denied, [dict(record, modality="reported")])] == [False, True]
    counts = Counts()
    score_events({"events": case["events"]}, good, counts)
    assert counts.report()["events"]["f1"] == 1.0


def test_perfect_predictions_pass_every_case():
    """The case file is consistent: a stage giving exactly the expected records passes every check."""
    counts = Counts()
    for case in CASES:
        good = [perfect(e, e["location"][0]) for e in case["events"]]
        assert [m for _, passed, m in checks(case, good) if not passed] == [], case_id(case)
        score_events({"events": case["events"], "optional_events": case.get("optional", [])}, good, counts)
    assert counts.report()["events"]["f1"] == counts.report()["events+subtype"]["f1"] == 1.0


def test_events_summary(annotate):
    """Event F1 over all cases >= 0.80; sub-type right on >= 90% of matched events."""
    counts = Counts()
    for case in CASES:
        gold = {"events": case["events"], "optional_events": case.get("optional", [])}
        score_events(gold, annotate(case).get("events") or [], counts)
    report = counts.report()
    events, with_subtype = report["events"], report["events+subtype"]
    by_group = Counter(c["group"] for c in CASES)
    print(f"\n{len(CASES)} cases in {len(by_group)} groups; events {events}; events+subtype {with_subtype}")
    assert events["f1"] >= 0.80, events
    assert events["tp"] and with_subtype["tp"] / events["tp"] >= 0.90, (with_subtype, events)
