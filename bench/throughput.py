"""Throughput of the whole pipeline at corpus size, next to the tokenizer floor: one table.

    python bench/throughput.py [--sample PATH] [--sizes 1000,5000,31000] [--dateparser N] [--workers 1,2]

- the news sample (../shared/data/news_sample/) through `naba run`'s runner with 1 and 2
  workers: documents/s, words/s, peak memory of the run (the parent and its workers);
- time per stage (one process, the same documents), camel-tools' simple_word_tokenize on
  the same texts (the floor) and the pipeline's ratio to it;
- the timex stage vs dateparser's search_dates on the same documents (bench/timex_vs_dateparser.py);
- the first 1,000 / 5,000 / 31,000 articles of ../shared/data/news_corpus/ streamed on stdin
  (`naba run -`) with 2 workers: ms per document, peak memory, and aggregation time of the
  events of that run (pipeline.aggregate over its docs.jsonl).

Peak memory is sampled every 0.5 s over the run's process tree: the sum of RSS (pages
shared by forked workers counted once per process: an upper bound) and of PSS (shared
pages divided among the processes that share them).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from camel_tools.tokenizers.word import simple_word_tokenize  # noqa: E402

import pipeline  # noqa: E402
from pipeline.reader import read_inputs  # noqa: E402
from timex_vs_dateparser import speed as timex_speed  # noqa: E402

SHARED = ROOT.parent / "shared/data"
SAMPLE = SHARED / "news_sample/saudinewsnet_politics_sample.jsonl"
CORPUS = SHARED / "news_corpus/saudinewsnet_all.jsonl.gz"
# the child: one `naba run` (the runner, without the CLI's aggregation), its summary as JSON
CHILD = ("import json, sys; from pipeline.runner import run; "
         "s = run([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]), progress=False); "
         "print(json.dumps({'ok': s.ok, 'errors': s.errors, 'seconds': s.seconds}))")


# --- memory of a process tree -----------------------------------------------------------------------

def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in kB over ``pid`` and its descendants."""
    rss = pss = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def run_child(source: str, out: Path, workers: int, feed=None) -> dict:
    """One run in a child process, sampling its tree's memory; ``feed(stdin)`` writes the input for ``-``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, source, str(out), str(workers)], cwd=ROOT, env=env,
                                stdin=subprocess.PIPE if feed else subprocess.DEVNULL, stdout=out_file,
                                stderr=err_file)
        if feed:
            threading.Thread(target=lambda: (feed(proc.stdin), proc.stdin.close()), daemon=True).start()
        peak = [0, 0]
        while proc.poll() is None:
            rss, pss = _memory_kb(proc.pid)
            peak = [max(peak[0], rss), max(peak[1], pss)]
            time.sleep(0.5)
        out_file.seek(0)
        err_file.seek(0)
        out_text, err = out_file.read(), err_file.read()
    if proc.returncode:
        raise RuntimeError(f"run failed ({proc.returncode}): {err.decode()[-2000:]}")
    result = json.loads(out_text.decode().strip().splitlines()[-1])
    result.update(peak_rss_mb=peak[0] / 1024, peak_pss_mb=peak[1] / 1024)
    return result


def corpus_feed(n: int):
    def feed(stdin):
        with gzip.open(CORPUS, "rb") as f:
            for i, line in enumerate(f):
                if i >= n:
                    break
                stdin.write(line)
    return feed


def aggregation_seconds(path: Path) -> tuple[float | None, int | str]:
    from pipeline.aggregate import aggregate
    started = time.perf_counter()
    try:
        frame = aggregate(path)
    except Exception as exc:  # the aggregator is another stage's code: report, do not stop the table
        return None, f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - started, len(frame)


# --- the table ---------------------------------------------------------------------------------------

def stage_seconds(docs) -> dict[str, float]:
    nlp = pipeline.load()
    seconds = {s.name: 0.0 for s in nlp.stages}
    for doc in docs:
        for stage in nlp.stages:
            started = time.perf_counter()
            stage(doc)
            seconds[stage.name] += time.perf_counter() - started
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", default=str(SAMPLE))
    parser.add_argument("--workers", default="1,2", help="worker counts for the news sample")
    parser.add_argument("--sizes", default="1000,5000,31000", help="news-corpus sizes (empty: none)")
    parser.add_argument("--corpus-workers", type=int, default=2)
    parser.add_argument("--dateparser", type=int, default=300, help="documents for search_dates (it is slow)")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str]] = []

    def row(what: str, figure: str) -> None:
        rows.append((what, figure))
        print(f"{what:62s} {figure}", file=sys.stderr, flush=True)

    texts = [d.text for d in read_inputs([args.sample])]
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for text in texts:
        simple_word_tokenize(text)
    floor = time.perf_counter() - started
    row(f"news sample: documents / words", f"{len(texts)} / {words}")
    row("floor: simple_word_tokenize, one core (s)", f"{floor:.2f} ({words / floor:,.0f} words/s)")

    with tempfile.TemporaryDirectory() as tmp:
        for workers in [int(x) for x in args.workers.split(",") if x]:
            r = run_child(args.sample, Path(tmp) / f"w{workers}", workers)
            row(f"news sample, {workers} worker(s): documents/s, words/s",
                f"{(r['ok'] + r['errors']) / r['seconds']:.1f}, {words / r['seconds']:,.0f} "
                f"({r['seconds']:.1f} s, {r['seconds'] / floor:.1f}x the floor)")
            row(f"news sample, {workers} worker(s): peak memory RSS / PSS (MB)",
                f"{r['peak_rss_mb']:.0f} / {r['peak_pss_mb']:.0f}")

        docs = list(read_inputs([args.sample]))
        seconds = stage_seconds(docs)
        total = sum(seconds.values())
        row("stages, one process: ms per document (share)",
            ", ".join(f"{name} {s / len(docs) * 1000:.2f} ({s / total:.0%})" for name, s in seconds.items()))
        row("stages, one process: total s (x the floor)", f"{total:.1f} ({total / floor:.1f}x)")

        naba_s, dateparser_s, n_naba, n_dp = timex_speed(pipeline.load(), list(read_inputs([args.sample])),
                                                         args.dateparser)
        per_naba, per_dp = naba_s / n_naba * 1000, dateparser_s / n_dp * 1000
        row("timex stage vs search_dates: s per 1,000 documents",
            f"{per_naba:.2f} vs {per_dp:.1f} ({per_dp / per_naba:.0f}x; dateparser on {n_dp})")

        for n in [int(x) for x in args.sizes.split(",") if x]:
            out = Path(tmp) / f"corpus{n}"
            r = run_child("-", out, args.corpus_workers, feed=corpus_feed(n))
            done = r["ok"] + r["errors"]
            agg_s, events = aggregation_seconds(out / "docs.jsonl")
            row(f"news corpus {done} docs, {args.corpus_workers} workers: ms/document, documents/s",
                f"{r['seconds'] / done * 1000:.2f}, {done / r['seconds']:.1f} ({r['seconds']:.0f} s)")
            row(f"news corpus {done} docs: peak memory RSS / PSS (MB)",
                f"{r['peak_rss_mb']:.0f} / {r['peak_pss_mb']:.0f}")
            row(f"news corpus {done} docs: aggregation s (events)",
                f"{agg_s:.1f} ({events})" if agg_s is not None else f"failed: {events}")
            (out / "docs.jsonl").unlink()

    print("| what | figure |\n|---|---|")
    for what, figure in rows:
        print(f"| {what} | {figure} |")
    return rows


if __name__ == "__main__":
    main()
