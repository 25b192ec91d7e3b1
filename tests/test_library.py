import pipeline
from conftest import SEED, assert_offsets


def test_load_call_and_pipe():
    nlp = pipeline.load()
    doc = nlp("قال الرئيس إن المفاوضات ستستأنف.", dct="2023-10-27")
    assert doc.dct == "2023-10-27" and doc.error is None
    assert [t["text"] for t in doc["tokens"]][:3] == ["قال", "الرئيس", "إن"]
    docs = list(nlp.pipe(["نص أول.", "نص ثان."]))
    assert len(docs) == 2 and all(d["sentences"] for d in docs)
    assert_offsets(doc.to_dict())


def test_read_results_gives_dataframes(tmp_path):
    from pipeline.cli import main
    main(["run", str(SEED), "-o", str(tmp_path), "--no-progress"])
    tables = pipeline.read_results(tmp_path)
    assert set(tables) == {"documents", "tokens", "entities", "timexes", "quotes", "events"}
    assert tables["documents"].loc[0, "doc_id"] == "000_da47c5487649d0d9"
    tokens = tables["tokens"]
    assert len(tokens) == tables["documents"].loc[0, "n_tokens"] > 500
    text = SEED.read_text(encoding="utf-8")
    assert all(text[s:e] == t for s, e, t in zip(tokens.start, tokens.end, tokens.text))
