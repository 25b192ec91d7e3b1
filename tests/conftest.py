import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_da47c5487649d0d9.txt"

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared (corpora and gold) is not present")


@pytest.fixture(scope="session")
def nlp():
    import pipeline
    return pipeline.load()


@pytest.fixture(scope="session")
def seed_doc(nlp):
    from pipeline.reader import read_text_file
    return nlp(read_text_file(str(SEED)))


def assert_offsets(record: dict) -> None:
    """Every span in every layer (nested ones too) matches the text."""
    text = record["text"]

    def visit(value):
        if isinstance(value, dict):
            if {"start", "end", "text"} <= value.keys():
                assert text[value["start"]:value["end"]] == value["text"], value
            for inner in value.values():
                visit(inner)
        elif isinstance(value, list):
            for inner in value:
                visit(inner)

    for layer in ("sentences", "tokens", "entities", "timexes", "quotes", "events", "meta"):
        visit(record.get(layer))


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
