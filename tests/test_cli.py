"""End-to-end: `naba run` on real and bad inputs, resume, workers, schema, exit codes."""
import json
import subprocess
import sys

import jsonschema
import pytest

from conftest import ROOT, SEED, assert_offsets, read_jsonl
from pipeline.cli import main
from pipeline.resources import schema

ARABIC = "أعلنت وزارة الدفاع في بغداد أمس عن عملية جديدة. وقال المتحدث إن القوات تقدمت.\n"


@pytest.fixture
def bad_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "c_cp1256.txt").write_bytes(ARABIC.encode("cp1256"))
    (folder / "d_utf16.txt").write_bytes(ARABIC.encode("utf-16"))
    (folder / "e_big.txt").write_text(ARABIC * 70_000, encoding="utf-8")  # ~5 MB
    (folder / "f_english.txt").write_text("The minister said on Monday that talks will resume.", encoding="utf-8")
    (folder / "g_marks.txt").write_text("قالَ الوزيـــرُ\u200f في \u202bبغداد\u202c إنّ ٢٠٢٣ عامٌ صعب\u200d.", encoding="utf-8")
    (folder / "h_crlf.txt").write_bytes(("\ufeff" + ARABIC.replace("\n", "\r\n")).encode("utf-8"))
    (folder / "i_records.jsonl").write_text(
        json.dumps({"id": "ok1", "text": ARABIC, "date": "2015-07-21"}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"id": "ok2", "text": ARABIC}, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def run_cli(*args):
    return main(["run", *map(str, args), "--no-progress"])


def records_by_id(path):
    return {r["id"]: r for r in read_jsonl(path)}


def test_bad_inputs_each_get_a_record_and_the_run_goes_on(bad_inputs, tmp_path):
    assert run_cli(bad_inputs, "-o", tmp_path / "out") == 0
    out = records_by_id(tmp_path / "out/docs.jsonl")
    assert len(out) == 11
    assert "empty" in out["a_empty"]["error"]
    assert "binary" in out["b_binary"]["error"]
    assert any("windows-1256" in w for w in out["c_cp1256"]["warnings"])
    assert out["c_cp1256"]["text"] == ARABIC and out["c_cp1256"]["tokens"]
    assert any("UTF-16" in w for w in out["d_utf16"]["warnings"])
    assert out["d_utf16"]["text"] == ARABIC
    assert "too large" in out["e_big"]["error"] and len(out["e_big"]["text"]) == len(ARABIC) * 70_000
    assert any("no Arabic" in w for w in out["f_english"]["warnings"])
    marks = out["g_marks"]
    assert any("bidi" in w for w in marks["warnings"]) and any("tatweel" in w for w in marks["warnings"])
    assert any("Arabic-Indic" in w for w in marks["warnings"])
    assert "بغداد" in [t["text"] for t in marks["tokens"]]
    assert out["h_crlf"]["text"] == ARABIC and "\r" not in out["h_crlf"]["text"]
    assert out["ok1"]["dct"] == "2015-07-21" and out["ok2"]["tokens"]
    malformed = [r for r in out.values() if "malformed" in (r.get("error") or "")]
    assert len(malformed) == 1 and malformed[0]["meta"]["raw"] == "{not json"
    for record in out.values():
        assert_offsets(record)


def test_big_document_is_annotated_when_allowed(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(ARABIC * 2000, encoding="utf-8")
    assert run_cli(big, "-o", tmp_path / "out", "--max-chars", "10000000") == 0
    record = read_jsonl(tmp_path / "out/docs.jsonl")[0]
    assert "error" not in record and len(record["sentences"]) == 4000


def test_seed_output_validates_and_keeps_offsets(tmp_path):
    assert run_cli(SEED, "-o", tmp_path) == 0
    [record] = read_jsonl(tmp_path / "docs.jsonl")
    jsonschema.validate(record, schema("docs"))
    assert record["id"] == "000_da47c5487649d0d9" and record["dct"] == "2023-10-27"
    assert record["text"] == SEED.read_text(encoding="utf-8")
    assert record["meta"]["images"][0]["text"] == "قاعدة عين الاسد.jpg"
    assert_offsets(record)


def test_workers_give_identical_output(tmp_path, bad_inputs):
    run_cli(bad_inputs, SEED, "-o", tmp_path / "one", "--workers", "1")
    run_cli(bad_inputs, SEED, "-o", tmp_path / "two", "--workers", "2")
    assert (tmp_path / "one/docs.jsonl").read_bytes() == (tmp_path / "two/docs.jsonl").read_bytes()


def test_resume_skips_done_documents_and_repairs_a_torn_line(tmp_path, bad_inputs):
    out = tmp_path / "out"
    run_cli(bad_inputs, "-o", out)
    full = (out / "docs.jsonl").read_bytes()
    lines = full.splitlines(keepends=True)
    (out / "docs.jsonl").write_bytes(b"".join(lines[:4]) + lines[4][:50])  # killed mid-line
    assert run_cli(bad_inputs, "-o", out, "--resume") == 0
    assert (out / "docs.jsonl").read_bytes() == full


def test_stdin_jsonl_and_dct_override(tmp_path):
    line = json.dumps({"id": "s1", "text": ARABIC, "date": "2015-01-01"}, ensure_ascii=False)
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", "-", "-o", str(tmp_path), "--dct",
                           "2020-02-02"], input=line, text=True, capture_output=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "1 ok" in done.stderr and "documents/s" in done.stderr
    [record] = read_jsonl(tmp_path / "docs.jsonl")
    assert record["id"] == "s1" and record["dct"] == "2020-02-02"


def test_exit_codes(tmp_path):
    assert run_cli(tmp_path / "missing_folder", "-o", tmp_path / "out") == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert run_cli(SEED, "-o", blocker / "sub") == 2


def test_folders_are_read_recursively_in_sorted_order(tmp_path):
    for name in ("b/2.txt", "a/1.txt", "c.txt"):
        (tmp_path / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / name).write_text(ARABIC, encoding="utf-8")
    run_cli(tmp_path / "in", "-o", tmp_path / "out")
    assert [r["source"].split("in/")[1] for r in read_jsonl(tmp_path / "out/docs.jsonl")] == ["a/1.txt", "b/2.txt", "c.txt"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1256", "utf-8-sig"])
def test_encodings_are_detected(encoding):
    from pipeline.reader import decode
    text, warnings = decode(ARABIC.encode(encoding))
    assert text == ARABIC
    assert bool(warnings) == (encoding != "utf-8-sig")
