"""Nothing lost, nothing stuck: `naba run` on bad inputs, kills and concurrent runs, and long documents.

    python bench/reliability.py [--news N] [--skip-long]

Builds the bad inputs of issue 13 (and the older ones of tests/test_cli.py) in
a temporary folder, runs them with --workers 1 and 2 (quick stages) and once
through the whole pipeline, kills a run at three moments and resumes it,
starts two runs against one output folder, and times 100k / 200k / 1M-character
single-line documents through the default pipeline. Prints one table; every
record written is validated against pipeline/schema/docs.schema.json and its
offsets checked. "lost" is documents expected minus records written (must be 0).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jsonschema  # noqa: E402

from pipeline.resources import schema  # noqa: E402

NEWS = ROOT.parent / "shared/data/news_sample/saudinewsnet_politics_sample.jsonl"
FAST = ["--stages", "read,normalize,sentences,tokens"]
ARABIC = "أعلنت وزارة الدفاع في بغداد أمس عن عملية جديدة. وقال المتحدث إن القوات تقدمت.\n"
OTHER = "وصل وفد من الأمم المتحدة إلى دمشق صباح الاثنين لبحث الأوضاع الإنسانية.\n"


def jsonl(*records, ascii_only=False) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=ascii_only).encode("utf-8") + b"\n" for r in records)


def news_lines(n: int) -> list[bytes]:
    if NEWS.exists():
        with open(NEWS, "rb") as f:
            return [line for _, line in zip(range(n), f)]
    return [jsonl({"id": f"n{i}", "text": (ARABIC + OTHER) * 5}) for i in range(n)]


def build_bad_inputs(folder: Path, news: int) -> int:
    """Write the bad inputs; returns how many documents they should give."""
    folder.mkdir(parents=True)
    expected = 0

    def put(name: str, data: bytes, docs: int) -> None:
        nonlocal expected
        (folder / name).write_bytes(data)
        expected += docs

    # the older bad inputs (tests/test_cli.py)
    put("a_empty.txt", b"", 1)
    put("b_binary.txt", bytes(range(256)) * 20, 1)
    put("c_cp1256.txt", ARABIC.encode("cp1256"), 1)
    put("d_utf16.txt", ARABIC.encode("utf-16"), 1)
    put("e_big.txt", (ARABIC * 3000).encode("utf-8"), 1)  # over --max-chars 100000 below
    put("f_english.txt", b"A drone struck a US base in western Iraq on Friday.", 1)
    put("g_marks.txt", "قالَ الوزيـــرُ\u200f في \u202bبغداد\u202c إنّ ٢٠٢٣ عامٌ صعب\u200d.".encode("utf-8"), 1)
    put("h_crlf.txt", ("\ufeff" + ARABIC.replace("\n", "\r\n")).encode("utf-8"), 1)
    put("i_records.jsonl", jsonl({"id": "ok1", "text": ARABIC, "date": "2015-07-21"}) + b"{not json\n"
        + jsonl({"id": "ok2", "text": ARABIC}), 3)
    # issue 13
    put("j_surrogate.jsonl", b'{"id":"s","text":"\\u0646\\u0635 \\ud800 \\u0645\\u0643\\u0633\\u0648\\u0631"}\n'
        + jsonl({"id": "after_s", "text": ARABIC}), 2)
    lines = news_lines(news)
    middle = len(lines) // 2
    lines[middle] = lines[middle][:40] + b"\xff" + lines[middle][40:]
    put("k_news_bad_byte.jsonl", b"".join(lines), len(lines))
    text = ("27-أكتوبر-2023\n" + ARABIC * 30).encode("utf-8")
    cut = text.index(b" ", 300)
    put("l_bad_byte.txt", text[:cut] + b"\xff" + text[cut:], 1)
    put("m_nul.txt", text[:100] + b"\x00\x00" + text[100:cut] + b"\x00" + text[cut:], 1)
    put("n_png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, 1)
    put("o_archive.txt", gzip.compress(text), 1)
    put("p_repeated.jsonl", jsonl(*[{"text": ARABIC}] * 3, {"text": OTHER}, {"text": ARABIC}), 5)
    put("q_dates.jsonl", jsonl({"id": "num", "text": ARABIC, "date": 20231027},
                               {"id": "feb30", "text": ARABIC, "date": "2023-02-30"},
                               {"id": "slash", "text": ARABIC, "date": "27/10/2023"},
                               {"id": "arabic", "text": ARABIC, "date": "27-أكتوبر-2023"},
                               {"id": "isotime", "text": ARABIC, "date": "2023-10-27T10:00:00Z"},
                               {"id": "title", "text": ARABIC, "title": 12345}), 6)
    put("r_list.json", json.dumps([{"id": "j1", "text": ARABIC}, {"id": "j2", "text": OTHER}, 7]).encode(), 3)
    put("s_torn.jsonl", jsonl({"id": "t1", "text": ARABIC}) + b'{"id":"t2","text":"\xd8', 2)
    put("t_utf16.jsonl", ('{"id": "u16", "text": "%s"}\n' % ARABIC.strip()).encode("utf-16"), 1)
    put("u_deep.jsonl", b"[" * 50000 + b"]" * 50000 + b"\n" + jsonl({"id": "after_deep", "text": OTHER}), 2)
    put("v_odd_values.jsonl", json.dumps({"id": ["x"], "text": ARABIC, "date": {"d": 1}, "title": ["t"],
                                          "extra": "\ud800", "score": float("nan")}).encode() + b"\n", 1)
    put("w_noext", ARABIC.encode("utf-8"), 1)
    put("x_page.html", b"<p>skipped</p>", 0)
    put("y_photo.png", b"\x89PNG\r\n\x1a\n", 0)
    put("z_archive.tar.gz", gzip.compress(b"skipped"), 0)
    os.mkfifo(folder / "zz_fifo.txt")  # skipped with a warning, never opened
    return expected


VERDICTS: dict[int, bool] = {}  # line hash -> valid; a line seen before (a resumed run) is checked once


def check(out: Path) -> tuple[int, int, int, int]:
    """(records, errors, warnings, invalid records) of out/docs.jsonl."""
    validator = jsonschema.Draft202012Validator(schema("docs"))
    records = errors = warns = invalid = 0
    path = out / "docs.jsonl"
    if not path.exists():
        return 0, 0, 0, 0
    with open(path, "rb") as f:
        for raw in f:
            record = json.loads(raw)
            records += 1
            errors += "error" in record
            warns += len(record["warnings"])
            key = hash(raw)
            if key not in VERDICTS:
                VERDICTS[key] = validator.is_valid(record) and all(
                    record["text"][span["start"]:span["end"]] == span["text"]
                    for layer in ("sentences", "tokens", "entities", "timexes", "quotes")
                    for span in record.get(layer) or [])
            invalid += not VERDICTS[key]
    return records, errors, warns, invalid


def naba(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", *map(str, args), "--no-progress"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **kwargs)


def finish(proc: subprocess.Popen, timeout: float = 600) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def lines_in(path: Path) -> int:
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def killed_and_resumed(src: Path, out: Path, size: int, how: signal.Signals, workers: int) -> tuple[int, int]:
    """Run, kill once `size` bytes are written, resume; returns (exit code of the killed run, lines it left)."""
    proc = naba(src, "-o", out, "--workers", workers, *FAST)
    path = out / "docs.jsonl"
    while proc.poll() is None and (not path.exists() or path.stat().st_size < size):
        time.sleep(0.01)
    try:
        os.killpg(proc.pid, how)  # the whole group: workers too, as a terminal or a scheduler would
    except ProcessLookupError:
        pass
    code, _ = finish(proc)
    for _ in range(100):  # wait (at most 5 s) for left-over workers to go
        try:
            os.killpg(proc.pid, 0)
            time.sleep(0.05)
        except ProcessLookupError:
            break
    left = lines_in(path)
    finish(naba(src, "-o", out, "--resume", "--workers", workers, *FAST))
    return code, left


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=int, default=600, help="news sample lines in the bad-byte JSONL")
    parser.add_argument("--docs", type=int, default=1000, help="news documents in the kill / concurrent runs")
    parser.add_argument("--skip-long", action="store_true", help="leave out the long-document lines")
    args = parser.parse_args(argv)
    rows, problems = [], []

    def row(case: str, expected: int, out: Path, seconds: float, note: str = "") -> None:
        records, errors, warns, invalid = check(out)
        rows.append((case, expected, records, errors, warns, expected - records, invalid, seconds, note))
        print(f"{case}: {records}/{expected} records, {seconds:.1f} s, {note}", file=sys.stderr, flush=True)
        if expected != records or invalid:
            problems.append(case)

    with tempfile.TemporaryDirectory(prefix="naba_reliability_") as tmp:
        tmp = Path(tmp)
        bad = tmp / "bad"
        expected = build_bad_inputs(bad, args.news)

        for workers, stages, name in ((1, FAST, "bad inputs, quick stages, 1 worker"),
                                      (2, FAST, "bad inputs, quick stages, 2 workers"),
                                      (1, [], "bad inputs, whole pipeline, 1 worker")):
            out = tmp / f"out_{len(rows)}"
            started = time.perf_counter()
            code, err = finish(naba(bad, "-o", out, "--workers", workers, "--max-chars", 100_000, *stages))
            row(name, expected, out, time.perf_counter() - started, f"exit {code}")
            if code:
                problems.append(f"{name}: exit {code}: {err.strip()[-300:]}")
        one, two = (tmp / "out_0/docs.jsonl").read_bytes(), (tmp / "out_1/docs.jsonl").read_bytes()
        if one != two:
            problems.append("--workers 1 and 2 differ")

        # kills at three moments, then --resume: must equal the full run byte for byte
        src = tmp / "news.jsonl"
        src.write_bytes(b"".join(news_lines(args.docs)))
        n = lines_in(src)
        full = tmp / "full"
        started = time.perf_counter()
        finish(naba(src, "-o", full, *FAST))
        row("news sample, full run", n, full, time.perf_counter() - started)
        reference = (full / "docs.jsonl").read_bytes()
        for share, how, workers in ((0.0, signal.SIGKILL, 1), (0.5, signal.SIGKILL, 2), (0.9, signal.SIGINT, 1)):
            out = tmp / f"killed_{share}"
            started = time.perf_counter()
            code, left = killed_and_resumed(src, out, max(1, int(share * len(reference))), how, workers)
            same = (out / "docs.jsonl").read_bytes() == reference
            name = f"{how.name} at {share:.0%} ({workers} worker{'s' if workers > 1 else ''}), then --resume"
            row(name, n, out, time.perf_counter() - started,
                f"killed run: exit {code}, {left} lines; resumed {'identical' if same else 'DIFFERENT'}")
            if not same:
                problems.append(f"{name}: resumed output differs from a full run")

        # two runs into one folder (plain and --resume): one is refused, nothing corrupted
        for flags in ([], ["--resume"]):
            out = tmp / f"twice{'_resume' if flags else ''}"
            started = time.perf_counter()
            first = naba(src, "-o", out, *flags, *FAST)
            while first.poll() is None and lines_in(out / "docs.jsonl") < 1:
                time.sleep(0.02)
            second = naba(src, "-o", out, *flags, *FAST)
            codes = sorted([finish(first)[0], finish(second)[0]])
            same = (out / "docs.jsonl").read_bytes() == reference
            row(f"two runs into one folder {' '.join(flags)}".strip(), n, out, time.perf_counter() - started,
                f"exit codes {codes}; output {'identical' if same else 'DIFFERENT'}")
            if codes != [0, 2] or not same:
                problems.append(f"two runs {flags}: exit codes {codes}, identical {same}")

        if not args.skip_long:
            import pipeline
            nlp = pipeline.load()
            body = " ".join(json.loads(line)["text"].replace("\n", " ") for line in news_lines(2000))
            while len(body) < 1_000_000:
                body += " " + body
            for size in (100_000, 200_000, 1_000_000):
                src = tmp / f"long_{size}.jsonl"
                src.write_bytes(jsonl({"id": f"long{size}", "text": body[:size], "date": "2023-10-27"}))
                started = time.perf_counter()
                doc = nlp(pipeline.Document(text=body[:size], dct="2023-10-27"))
                inside = time.perf_counter() - started
                out = tmp / f"long_{size}"
                started = time.perf_counter()
                code, err = finish(naba(src, "-o", out, "--max-chars", 2_000_000))
                row(f"{size:,}-character single line, whole pipeline", 1, out, time.perf_counter() - started,
                    f"pipeline alone {inside:.1f} s{'' if doc.error is None else ', ERROR ' + doc.error}; "
                    f"the rest is start-up")

    header = ("case", "inputs", "written", "errors", "warnings", "lost", "invalid", "seconds", "note")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for case, *numbers, seconds, note in rows:
        print(f"| {case} | " + " | ".join(str(x) for x in numbers) + f" | {seconds:.1f} | {note} |")
    lost = sum(r[5] for r in rows)
    print(f"\ndocuments lost: {lost}; records failing the schema: {sum(r[6] for r in rows)}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
