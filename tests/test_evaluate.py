"""`naba eval` must agree with ../shared/eval/score.py on the dev set."""
import json
import subprocess
import sys

import pytest

from conftest import SHARED, needs_shared
from pipeline.evaluate import evaluate

DEV = SHARED / "eval/dev"


def reference(predictions):
    done = subprocess.run([sys.executable, str(SHARED / "eval/score.py"), str(DEV), str(predictions), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def gold_as_predictions(path, shift=0):
    """Gold spans as a prediction file; shift > 0 moves some spans to make errors."""
    with open(path, "w", encoding="utf-8") as out:
        for gold_file in sorted(DEV.glob("*.gold.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            ents = [dict(e, start=e["start"] + (shift if i % 3 == 0 else 0)) for i, e in enumerate(gold["entities"])]
            times = [dict(t, value=t["value"][:7] if i % 2 and shift else t["value"]) for i, t in enumerate(gold["timexes"])]
            quotes = [dict(q, speaker={"text": q["speaker"][0] if q.get("speaker") and not shift else "x"})
                      for q in gold["quotes"]]
            events = [dict(e, location={"text": e["location"][0]}) for e in gold.get("events", [])]
            out.write(json.dumps({"id": gold["id"], "text": gold["text"], "entities": ents, "timexes": times,
                                  "quotes": quotes, "events": events}, ensure_ascii=False) + "\n")


@needs_shared
@pytest.mark.parametrize("shift", [0, 1])
def test_agrees_with_score_py_on_gold_derived_predictions(tmp_path, shift):
    path = tmp_path / "pred.jsonl"
    gold_as_predictions(path, shift)
    ours, theirs = evaluate(DEV, path), reference(path)
    for layer in ("entities", "timexes", "quotes", "events"):
        assert _shared(ours, theirs, layer) == theirs[layer], layer
    _split_adds_up(ours)
    if shift == 0:
        assert ours["entities"]["ALL"]["f1"] == 1.0 and ours["timexes"]["value"]["f1"] == 1.0


@needs_shared
def test_agrees_with_score_py_on_pipeline_output(tmp_path):
    from pipeline.cli import main
    main(["run", *map(str, sorted((DEV / "snippets").glob("*.txt"))), "-o", str(tmp_path), "--no-progress"])
    ours, theirs = evaluate(DEV, tmp_path / "docs.jsonl"), reference(tmp_path / "docs.jsonl")
    assert not ours["problems"]
    for layer in ("entities", "timexes", "quotes", "events"):
        assert _shared(ours, theirs, layer) == theirs[layer], layer
    _split_adds_up(ours)


def _shared(ours, theirs, layer):
    """naba eval reports what score.py does, plus the direct/indirect split of quotes."""
    return {k: v for k, v in ours[layer].items() if k in theirs[layer]}


def _split_adds_up(ours):
    quotes = ours["quotes"]
    for measure in ("content", "attributed"):
        for count in ("tp", "fn"):
            assert quotes[f"{measure}-direct"][count] + quotes[f"{measure}-indirect"][count] == quotes[measure][count]


@needs_shared
def test_cli_eval_prints_a_table(tmp_path, capsys):
    from pipeline.cli import main
    path = tmp_path / "pred.jsonl"
    gold_as_predictions(path)
    assert main(["eval", str(DEV), str(path)]) == 0
    assert "entities  ALL" in capsys.readouterr().out
