"""notebooks/explore.ipynb runs top to bottom (nbclient) and shows what it promises.

One hand-made document with a quote and a geocoded event is added right after
the pipeline's run, so the quote table, the per-day plot and the map are
checked whatever the quotes and events stages find today.
"""
import json
import re

import pytest

from conftest import ROOT, SHARED

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
NEWS = SHARED / "data/news_sample/saudinewsnet_politics_sample.jsonl"


def hand_record() -> dict:
    from test_render import hand_doc
    return hand_doc().to_dict()


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    run = next(i for i, c in enumerate(nb.cells) if "run" in c.metadata.get("tags", []))
    extra = nbformat.v4.new_code_cell(
        f"docs.append(pipeline.Document.from_dict(json.loads({json.dumps(hand_record(), ensure_ascii=False)!r})))\n"
        "tables = pipeline.read_results(docs)")
    nb.cells.insert(run + 1, extra)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


def outputs(nb, marker):
    """The outputs of the first code cell whose source contains ``marker``."""
    cell = next(c for c in nb.cells if c.cell_type == "code" and marker in c.source)
    return cell.outputs


def text_of(outs):
    parts = []
    for o in outs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif "data" in o:
            parts.append(o.data.get("text/html") or o.data.get("text/plain") or "")
    return "\n".join(parts)


def has_image(outs):
    return any("image/png" in o.get("data", {}) for o in outs)


def test_runs_over_the_seed_and_a_news_slice(executed):
    line = text_of(outputs(executed, "nlp = pipeline.load()"))
    n = int(re.match(r"(\d+) documents", line).group(1))
    assert n == (101 if NEWS.exists() else 1)
    assert "0 with an error" in line


def test_document_shows_as_html(executed):
    html = outputs(executed, "docs[0]")[0].data["text/html"]
    assert "naba-text" in html and "000_da47c5487649d0d9" in html and 'data-layer="entity"' in html


def test_tables(executed):
    assert "000_da47c5487649d0d9" in text_of(outputs(executed, 'documents = tables["documents"]'))
    entities = text_of(outputs(executed, 'entities = tables["entities"]'))
    assert int(re.search(r"(\d+) entity mentions", entities).group(1)) > 50 and "LOC" in entities
    assert "TIME" in text_of(outputs(executed, 'timexes = tables["timexes"]'))
    quotes = text_of(outputs(executed, 'quotes = tables["quotes"]'))
    assert int(re.search(r"(\d+) quotes", quotes).group(1)) >= 1 and "<th>speaker_name</th>" in quotes
    events = text_of(outputs(executed, 'events = tables["events"]'))
    assert int(re.search(r"(\d+) events", events).group(1)) >= 1 and "Explosions/Remote violence" in events


def test_plots_and_map(executed):
    per_day = outputs(executed, "per_day = ")
    days, n = map(int, re.search(r"events per day: (\d+) days, (\d+) events", text_of(per_day)).groups())
    assert days >= 1 and n >= 1 and has_image(per_day)
    world = outputs(executed, "outlines = json.loads")
    placed, places, rings = map(int, re.search(r"map: (\d+) events at (\d+) places, (\d+) outline rings",
                                               text_of(world)).groups())
    assert placed >= 1 and places >= 1 and rings > 200 and has_image(world)
    assert has_image(outputs(executed, "top = ")) and has_image(outputs(executed, "speakers = "))
    quoted = text_of(outputs(executed, "speakers = "))
    assert int(re.search(r"(\d+) quotes with a speaker", quoted).group(1)) >= 1 and "<th>speaker_name</th>" in quoted


def test_no_warnings_and_arabic_glyphs_found(executed):
    streams = [o.text for c in executed.cells if c.cell_type == "code" for o in c.outputs
               if o.output_type == "stream" and o.name == "stderr"]
    assert not [s for s in streams if "Warning" in s or "missing from" in s], streams
