"""Nothing lost, nothing stuck (issue 13): bad bytes, kills, concurrent runs, odd files, long lines."""
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
import warnings

import jsonschema
import pytest

from conftest import ROOT, SEED, assert_offsets, read_jsonl
from pipeline.cli import main
from pipeline.resources import schema

ARABIC = "أعلنت وزارة الدفاع في بغداد أمس عن عملية جديدة. وقال المتحدث إن القوات تقدمت.\n"
OTHER = "وصل وفد من الأمم المتحدة إلى دمشق صباح الاثنين لبحث الأوضاع الإنسانية.\n"
FAST = ["--stages", "read,normalize,sentences,tokens"]


def run_cli(*args):
    return main(["run", *map(str, args), "--no-progress"])


def naba(*args, timeout=120, **kwargs):
    """`naba` in a subprocess (for signals, FIFOs and concurrent runs)."""
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, timeout=timeout, **kwargs)


def valid(records):
    docs_schema = schema("docs")
    for record in records:
        jsonschema.validate(record, docs_schema)
        assert_offsets(record)
    return records


def jsonl_bytes(*records) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)


# 1. lone surrogates ------------------------------------------------------------------------------

@pytest.mark.parametrize("workers", [1, 2])
def test_a_lone_surrogate_is_repaired_and_the_run_goes_on(tmp_path, workers):
    src = tmp_path / "s.jsonl"
    src.write_text('{"id":"s","text":"نص \\ud800 مكسور"}\n' + json.dumps({"id": "ok", "text": ARABIC}) + "\n",
                   encoding="utf-8")
    assert run_cli(src, "-o", tmp_path / "out", "--workers", workers, *FAST) == 0
    first, second = valid(read_jsonl(tmp_path / "out/docs.jsonl"))
    assert first["text"] == "نص \ufffd مكسور" and "error" not in first
    assert any("surrogate" in w for w in first["warnings"])
    assert second["id"] == "ok" and second["tokens"]


def test_library_repairs_a_lone_surrogate(nlp):
    doc = nlp("قال \ud800 الوزير")
    assert doc.error is None and doc.text == "قال \ufffd الوزير"
    assert any("surrogate" in w for w in doc["warnings"])
    assert [t["text"] for t in doc["tokens"]][0] == "قال"


# 2. one bad byte in JSONL ------------------------------------------------------------------------

def test_one_bad_byte_in_jsonl_spoils_one_line_at_most(tmp_path):
    records = [{"id": f"d{i}", "text": ARABIC if i % 2 else OTHER} for i in range(30)]
    data = jsonl_bytes(*records)
    cut = data.index(b'"d10"') + 20
    (tmp_path / "n.jsonl").write_bytes(data[:cut] + b"\xff" + data[cut:])
    assert run_cli(tmp_path / "n.jsonl", "-o", tmp_path / "out", *FAST) == 0
    out = valid(read_jsonl(tmp_path / "out/docs.jsonl"))
    assert [r["id"] for r in out] == [f"d{i}" for i in range(30)]
    assert any("invalid UTF-8" in w for w in out[10]["warnings"]) and "\ufffd" in out[10]["text"]
    assert all(not r["warnings"] and "error" not in r for r in out[11:])


# 3. one bad byte in a UTF-8 .txt -----------------------------------------------------------------

def test_one_bad_byte_in_a_utf8_text_file_keeps_utf8(tmp_path):
    data = ("27-أكتوبر-2023\n" + ARABIC * 20).encode("utf-8")
    path = tmp_path / "a.txt"
    cut = data.index(b" ", 200)  # between two characters
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    assert run_cli(path, "-o", tmp_path / "out", *FAST) == 0
    [record] = valid(read_jsonl(tmp_path / "out/docs.jsonl"))
    assert record["dct"] == "2023-10-27" and record["text"].count("\ufffd") == 1
    assert record["text"].replace("\ufffd", "") == data.decode("utf-8")
    assert any("invalid UTF-8" in w for w in record["warnings"])
    assert not any("windows-1256" in w for w in record["warnings"])


@pytest.mark.parametrize("encoding", ["cp1256", "iso-8859-6"])
def test_arabic_legacy_encodings_are_still_detected(encoding):
    from pipeline.reader import decode
    text, warnings_ = decode((ARABIC + OTHER).encode(encoding))
    assert text == ARABIC + OTHER and any("not UTF-8" in w for w in warnings_)


# 4. NUL bytes vs real binary files ---------------------------------------------------------------

def test_a_few_nul_bytes_are_removed_and_the_article_kept(tmp_path):
    data = (ARABIC * 10).encode("utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in/nul.txt").write_bytes(data[:100] + b"\x00\x00" + data[100:300] + b"\x00" + data[300:])
    (tmp_path / "in/pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "in/arch.txt").write_bytes(gzip.compress((ARABIC * 50).encode("utf-8")))
    (tmp_path / "in/nul.jsonl").write_bytes(jsonl_bytes({"id": "j", "text": "نص\u0000 عربي"}))
    assert run_cli(tmp_path / "in", "-o", tmp_path / "out", *FAST) == 0
    out = {r["id"]: r for r in valid(read_jsonl(tmp_path / "out/docs.jsonl"))}
    assert out["nul"]["text"] == ARABIC * 10 and out["nul"]["tokens"]
    assert any("NUL" in w for w in out["nul"]["warnings"])
    assert "binary" in out["pic"]["error"] and "binary" in out["arch"]["error"]
    assert out["j"]["text"] == "نص عربي" and any("NUL" in w for w in out["j"]["warnings"])


# 5. resume by position ---------------------------------------------------------------------------

def test_resume_keeps_repeated_documents(tmp_path):
    src = tmp_path / "rep.jsonl"
    src.write_bytes(jsonl_bytes(*[{"text": ARABIC}] * 3, {"text": OTHER}, *[{"text": ARABIC}] * 2))
    run_cli(src, "-o", tmp_path / "full", *FAST)
    full = (tmp_path / "full/docs.jsonl").read_bytes()
    assert full.count(b"\n") == 6
    part = tmp_path / "part/docs.jsonl"
    part.parent.mkdir()
    lines = full.splitlines(keepends=True)
    part.write_bytes(b"".join(lines[:2]) + lines[2][:30])  # killed in the third line
    assert run_cli(src, "-o", part.parent, "--resume", *FAST) == 0
    assert part.read_bytes() == full


def test_resume_after_the_input_changed_equals_a_full_run(tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_bytes(jsonl_bytes(*[{"id": f"x{i}", "text": ARABIC} for i in range(4)]))
    run_cli(src, "-o", tmp_path / "out", *FAST)
    src.write_bytes(jsonl_bytes({"id": "x0", "text": ARABIC}, {"id": "new", "text": OTHER},
                                *[{"id": f"x{i}", "text": ARABIC} for i in range(2, 4)]))
    run_cli(src, "-o", tmp_path / "full", *FAST)
    assert run_cli(src, "-o", tmp_path / "out", "--resume", *FAST) == 0
    assert (tmp_path / "out/docs.jsonl").read_bytes() == (tmp_path / "full/docs.jsonl").read_bytes()


def test_resume_refuses_a_damaged_output_instead_of_discarding_lines(tmp_path):
    src = tmp_path / "d.jsonl"
    src.write_bytes(jsonl_bytes(*[{"id": f"x{i}", "text": ARABIC} for i in range(4)]))
    run_cli(src, "-o", tmp_path / "out", *FAST)
    path = tmp_path / "out/docs.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    damaged = lines[0] + b"\x00" * 40 + b"\n" + b"".join(lines[1:])
    path.write_bytes(damaged)
    assert run_cli(src, "-o", tmp_path / "out", "--resume", *FAST) == 2
    assert path.read_bytes() == damaged


# 6. one run per output folder --------------------------------------------------------------------

def test_a_second_run_into_a_locked_folder_is_refused(tmp_path, capsys):
    from pipeline.runner import output_lock
    out = tmp_path / "out"
    out.mkdir()
    (out / "docs.jsonl").write_text("keep me\n")
    with output_lock(out):
        assert run_cli(SEED, "-o", out, *FAST) == 2
    assert "in use by another naba run" in capsys.readouterr().err
    assert (out / "docs.jsonl").read_text() == "keep me\n"
    assert run_cli(SEED, "-o", out, *FAST) == 0  # released


def test_a_stale_lock_is_taken_over(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / ".naba.lock").write_text(f"{dead.pid}\n")
    assert run_cli(SEED, "-o", out, *FAST) == 0
    assert not (out / ".naba.lock").exists()


def test_concurrent_runs_never_corrupt_the_output(tmp_path):
    src = tmp_path / "many.jsonl"
    src.write_bytes(jsonl_bytes(*[{"id": f"m{i}", "text": (ARABIC + OTHER) * 10} for i in range(800)]))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.cli", "run", str(src), "-o", str(out), "--no-progress", *FAST]
    first = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    for _ in range(600):  # until the first run holds the folder
        if (out / ".naba.lock").exists() and (out / ".naba.lock").read_text().strip():
            break
        time.sleep(0.05)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert second.returncode == 2 and "in use" in second.stderr
    assert [r["id"] for r in read_jsonl(out / "docs.jsonl")] == [f"m{i}" for i in range(800)]


# 7. FIFOs and other special files ----------------------------------------------------------------

def test_a_fifo_in_a_folder_is_skipped_not_waited_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "a.txt").write_text(ARABIC, encoding="utf-8")
    done = naba("run", folder, "-o", tmp_path / "out", "--no-progress", *FAST, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "pipe.txt" in done.stderr and "not a regular file" in done.stderr
    assert [r["id"] for r in read_jsonl(tmp_path / "out/docs.jsonl")] == ["a"]


# 8. linear sentence splitting --------------------------------------------------------------------

class CountingText(str):
    """A text that counts the characters the splitter looks at (index, slice, find)."""
    work = 0

    def __getitem__(self, key):
        CountingText.work += 1 if isinstance(key, int) else max(0, (key.stop or len(self)) - (key.start or 0))
        return str.__getitem__(self, key)

    def find(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        found = str.find(self, sub, start, end)
        CountingText.work += (found if found >= 0 else end) - start
        return found


@pytest.mark.parametrize("unit", ["(", "« ", "ب. ", "جملة. ", '"قال ', "ب" + "." * 50, "(د.. "])
def test_sentence_splitting_work_grows_linearly(unit):
    from pipeline.stages.sentences import split_line
    counts = []
    for n in (2_000, 8_000):
        text = CountingText(unit * (n // len(unit)))
        CountingText.work = 0
        split_line(text, 0, len(text))
        counts.append(CountingText.work / len(text))
    assert counts[1] < 2 * counts[0] + 5, counts  # per character: flat, not growing with the length


def _reference_split(text, start, end):
    """The splitter as it was before it was made linear (a search from offset 0 at every period)."""
    import regex
    from pipeline.stages.sentences import CLOSERS, OPENERS, TERMINATORS, _abbreviations

    def ends(i):
        if text[i] != ".":
            return True
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < end else " "
        if before.isdigit() and after.isdigit():
            return False
        if not (after.isspace() or after in CLOSERS or after in TERMINATORS):
            return False
        word = regex.compile(r"([\p{L}.]+)$").search(text, 0, i)
        if word:
            token = word[1].rstrip(".")
            if len(token) == 1 or token in _abbreviations():
                return False
        return True

    spans, begin, i, open_quote = [], start, start, None
    while i < end:
        ch = text[i]
        if open_quote:
            if ch == open_quote:
                open_quote = None
        elif ch in OPENERS and text.find(OPENERS[ch], i + 1, end) > 0:
            open_quote = OPENERS[ch]
        elif ch == '"' and text.find('"', i + 1, end) > 0 and (i == start or not text[i - 1].isalnum()):
            open_quote = '"'
        elif ch in TERMINATORS and ends(i):
            j = i + 1
            while j < end and (text[j] in TERMINATORS or text[j] in CLOSERS):
                j += 1
            spans.append((begin, j))
            begin = i = j
            continue
        i += 1
    spans.append((begin, end))
    return spans


def test_linear_splitter_splits_as_before():
    from pipeline.stages.sentences import split_line
    pieces = ["قال", " ", ".", "..", "د", "ص.ب", "3", "5", "«", "»", "(", ")", '"', "؟", "!", "؛", "…", "x", "إلخ"]
    rng = random.Random(13)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        assert split_line(text, 0, len(text)) == _reference_split(text, 0, len(text)), text


# 9. dates and titles checked at the door ---------------------------------------------------------

@pytest.mark.parametrize("dct", ["not-a-date", "27/10/2023", "2023-02-30", "2023-13-01"])
def test_cli_refuses_a_bad_dct(tmp_path, capsys, dct):
    assert run_cli(SEED, "-o", tmp_path / "out", "--dct", dct) == 2
    assert "--dct" in capsys.readouterr().err
    assert not (tmp_path / "out/docs.jsonl").exists()


def test_bad_record_dates_and_titles_become_warnings_or_are_parsed(tmp_path):
    cases = [("num", 20231027, None), ("feb30", "2023-02-30", None), ("word", "yesterday", None),
             ("slash", "27/10/2023", "2023-10-27"), ("arabic", "27-أكتوبر-2023", "2023-10-27"),
             ("iso_time", "2023-10-27T10:00:00Z", "2023-10-27"), ("list", ["2023-10-27"], None)]
    records = [{"id": name, "text": ARABIC, "date": value} for name, value, _ in cases]
    records.append({"id": "title", "text": ARABIC, "title": 12345, "date": "2023-10-27"})
    (tmp_path / "d.jsonl").write_bytes(jsonl_bytes(*records))
    assert run_cli(tmp_path / "d.jsonl", "-o", tmp_path / "out") == 0  # the whole pipeline, timexes too
    out = {r["id"]: r for r in valid(read_jsonl(tmp_path / "out/docs.jsonl"))}
    for name, value, expected in cases:
        assert out[name]["dct"] == expected, name
        assert "error" not in out[name]
        assert any("not a date" in w for w in out[name]["warnings"]) == (expected is None), name
    assert out["title"]["title"] is None and any("title" in w for w in out["title"]["warnings"])


def test_library_dct_is_checked(nlp):
    doc = nlp(ARABIC, dct="2023-02-30")
    assert doc.dct is None and any("dct" in w for w in doc.warnings) and doc.error is None


# 11. a torn last line in a results file ----------------------------------------------------------

@pytest.fixture
def torn_output(tmp_path):
    src = tmp_path / "t.jsonl"
    src.write_bytes(jsonl_bytes(*[{"id": f"t{i}", "text": ARABIC} for i in range(3)]))
    run_cli(src, "-o", tmp_path / "out", *FAST)
    path = tmp_path / "out/docs.jsonl"
    path.write_bytes(path.read_bytes() + b'{"id":"t3","text":"\xd8')  # a kill in mid-character
    return path


def test_read_results_skips_a_torn_last_line(torn_output):
    import pipeline
    with pytest.warns(RuntimeWarning, match="torn last line"):
        tables = pipeline.read_results(torn_output)
    assert list(tables["documents"]["doc_id"]) == ["t0", "t1", "t2"]


def test_read_results_fails_clearly_on_corruption_elsewhere(torn_output):
    import pipeline
    lines = torn_output.read_bytes().split(b"\n")
    torn_output.write_bytes(b"\n".join([lines[0], b"\x00" * 10] + lines[1:3]) + b"\n")
    with pytest.raises(ValueError, match="line 2"):
        pipeline.read_results(torn_output)


def test_naba_eval_skips_a_torn_last_line(torn_output, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["eval", str(gold), str(torn_output)]) == 0


# 12. library and CLI read files the same way -----------------------------------------------------

def test_pipeline_read_gives_the_cli_record(tmp_path, nlp):
    import pipeline
    path = tmp_path / "crlf.txt"
    path.write_bytes(("\ufeff" + SEED.read_text(encoding="utf-8")).replace("\n", "\r\n").encode("utf-8"))
    assert run_cli(path, "-o", tmp_path / "out") == 0
    [cli_record] = read_jsonl(tmp_path / "out/docs.jsonl")
    [doc] = list(nlp.pipe(pipeline.read(path)))
    assert doc.to_dict() == cli_record
    assert doc.id == "crlf" and doc.title and "\r" not in doc.text and doc.dct == "2023-10-27"
    assert doc["warnings"] is doc.warnings


# 13. smaller ones --------------------------------------------------------------------------------

@pytest.mark.parametrize("workers", ["0", "-1"])
def test_workers_below_one_are_refused(tmp_path, workers):
    assert run_cli(SEED, "-o", tmp_path / "out", "--workers", workers) == 2
    assert not (tmp_path / "out/docs.jsonl").exists()


def test_only_text_files_of_a_folder_are_read_and_the_rest_listed(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "b", "sub/c.TXT"):
        (folder / name).write_text(ARABIC, encoding="utf-8")
    (folder / "d.jsonl").write_bytes(jsonl_bytes({"id": "d", "text": ARABIC}))
    (folder / "e.json").write_bytes(json.dumps({"id": "e", "text": OTHER, "date": "2023-10-27"}).encode())
    (folder / "f.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "g.tar.gz").write_bytes(gzip.compress(b"x"))
    (folder / "h.html").write_text("<p>نص</p>", encoding="utf-8")
    done = naba("run", folder, "-o", tmp_path / "out", "--no-progress", *FAST)
    assert done.returncode == 0, done.stderr
    out = valid(read_jsonl(tmp_path / "out/docs.jsonl"))
    assert [r["id"] for r in out] == ["a", "b", "d", "e", "c"]
    assert out[3]["dct"] == "2023-10-27" and out[3]["text"] == OTHER
    assert "3 files skipped" in done.stderr
    assert all(name in done.stderr for name in ("f.png", "g.tar.gz", "h.html"))


def test_an_explicitly_named_binary_file_gets_an_error_record(tmp_path):
    path = tmp_path / "a.gz"
    path.write_bytes(gzip.compress((ARABIC * 20).encode("utf-8")))
    assert run_cli(path, "-o", tmp_path / "out", *FAST) == 0
    [record] = valid(read_jsonl(tmp_path / "out/docs.jsonl"))
    assert "binary" in record["error"]


def test_ctrl_c_stops_cleanly_with_whole_lines_and_resumes(tmp_path):
    src = tmp_path / "big.jsonl"
    src.write_bytes(jsonl_bytes(*[{"id": f"k{i}", "text": (ARABIC + OTHER) * 20} for i in range(400)]))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.cli", "run", str(src), "-o", str(out), "--no-progress", *FAST]
    proc = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    path = out / "docs.jsonl"
    for _ in range(1200):
        if path.exists() and path.stat().st_size > 0:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "interrupted" in err
    data = path.read_bytes()
    assert data.endswith(b"\n") and 0 < data.count(b"\n") < 400
    assert run_cli(src, "-o", out, "--resume", *FAST) == 0
    assert [r["id"] for r in read_jsonl(path)] == [f"k{i}" for i in range(400)]


def test_all_bad_inputs_give_schema_valid_records(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "c_cp1256.txt").write_bytes(ARABIC.encode("cp1256"))
    (folder / "d_utf16.txt").write_bytes(ARABIC.encode("utf-16"))
    (folder / "e_english.txt").write_text("A drone struck a base on Friday.", encoding="utf-8")
    (folder / "f_bad.jsonl").write_bytes(
        b'{"id":"s","text":"\\ud800\\udfff \\udc00"}\n{not json\n[1,2]\n{"text": 5}\n"\xff\xfe"\n'
        + json.dumps({"id": 7, "text": ARABIC, "date": {"d": 1}, "title": ["x"], "extra": "\ud800"}).encode() + b"\n")
    (folder / "g.json").write_bytes(b"[{\"text\": \"\xd9\x86\xd8\xb5\"}, 3, {\"id\": \"z\"}]")
    (folder / "h.json").write_bytes(b"{broken")
    assert run_cli(folder, "-o", tmp_path / "out") == 0
    out = valid(read_jsonl(tmp_path / "out/docs.jsonl"))
    assert len(out) == 15


def test_a_reader_surprise_costs_one_record_not_the_run(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in/a_deep.jsonl").write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n"
                                               + jsonl_bytes({"id": "after", "text": ARABIC}))
    (tmp_path / "in/b_deep.json").write_bytes(b'{"text": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    (tmp_path / "in/c_nan.jsonl").write_bytes(b'{"id": "nan", "text": "\\u0646\\u0635", "score": NaN}\n')
    assert run_cli(tmp_path / "in", "-o", tmp_path / "out", *FAST) == 0
    out = valid(read_jsonl(tmp_path / "out/docs.jsonl"))
    assert [r["id"] for r in out] == ["a_deep_line1", "after", "b_deep", "nan"]
    assert "too deeply" in out[0]["error"] and "too deeply" in out[2]["error"]
    assert out[3]["meta"]["input"] == {"score": None}
