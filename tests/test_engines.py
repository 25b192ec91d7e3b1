"""The dask engine writes exactly what the local engine writes: same lines, bad inputs, --resume."""
import json
import logging
import shutil

import pytest

from pipeline.cli import main as cli_main
from pipeline.runner import run

from conftest import SEED, read_jsonl

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install 'naba[dask]')")

ARTICLES = [
    "أعلنت وزارة الداخلية السعودية يوم الأحد 12 يوليو 2015 القبض على خلية في الرياض. "
    "وقال المتحدث الأمني اللواء منصور التركي إن «التحقيقات مستمرة».",
    "قتل ثلاثة أشخاص وأصيب عشرة آخرون في انفجار سيارة مفخخة في بغداد أمس، بحسب مصادر في الشرطة العراقية.",
    "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في جدة اليوم وزير الخارجية الأمريكي جون كيري.",
    "ذكرت وكالة الأنباء الفرنسية أن المعارضة السورية سيطرت على بلدة قرب حلب في 3 أغسطس.",
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A folder of good and bad inputs: a seed file, JSONL with a malformed line, an empty and a binary file."""
    folder = tmp_path_factory.mktemp("in")
    shutil.copy(SEED, folder / "a_seed.txt")
    lines = [json.dumps({"id": f"n{i}", "date": "2015-08-01", "text": text}, ensure_ascii=False)
             for i, text in enumerate(ARTICLES)]
    lines.insert(2, "{not json")
    (folder / "b_news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "d_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def local_output(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    summary = run([str(inputs)], out, progress=False)
    assert summary.errors == 3 and summary.ok == 5  # malformed line, empty file, binary file
    return (out / "docs.jsonl").read_bytes()


@pytest.fixture(scope="module")
def scheduler():
    """One small cluster for the module (its address is what --scheduler takes)."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def test_dask_on_a_local_cluster_equals_the_local_engine(inputs, local_output, tmp_path):
    summary = run([str(inputs)], tmp_path, engine="dask", workers=2, progress=False)
    assert (summary.ok, summary.errors) == (5, 3)
    assert (tmp_path / "docs.jsonl").read_bytes() == local_output
    records = read_jsonl(tmp_path / "docs.jsonl")
    assert [r["id"] for r in records][1:6] == ["n0", "n1", records[3]["id"], "n2", "n3"]
    assert "error" in records[3] and [bool(r.get("error")) for r in records].count(True) == 3
    for record in records:
        for token in record["tokens"]:
            assert record["text"][token["start"]:token["end"]] == token["text"]


def test_dask_with_a_scheduler_address_resumes_like_the_local_engine(inputs, local_output, scheduler, tmp_path):
    lines = local_output.splitlines(keepends=True)
    (tmp_path / "docs.jsonl").write_bytes(b"".join(lines[:3]) + lines[3][:40])  # 3 whole lines and a torn one
    summary = run([str(inputs)], tmp_path, engine="dask", scheduler=scheduler, resume=True, progress=False)
    assert summary.skipped == 3 and summary.ok + summary.errors == len(lines) - 3
    assert (tmp_path / "docs.jsonl").read_bytes() == local_output


def test_cli_takes_the_engine_and_refuses_a_scheduler_without_dask(inputs, scheduler, tmp_path, capsys):
    assert cli_main(["run", str(inputs / "b_news.jsonl"), "-o", str(tmp_path / "a"), "--scheduler", scheduler,
                     "--no-progress", "--stages", "read,normalize,sentences,tokens"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
    assert cli_main(["run", str(inputs / "b_news.jsonl"), "-o", str(tmp_path / "b"), "--engine", "dask",
                     "--scheduler", scheduler, "--no-progress", "--stages", "read,normalize,sentences,tokens"]) == 0
    assert cli_main(["run", str(inputs / "b_news.jsonl"), "-o", str(tmp_path / "c"), "--no-progress",
                     "--stages", "read,normalize,sentences,tokens"]) == 0
    assert (tmp_path / "b/docs.jsonl").read_bytes() == (tmp_path / "c/docs.jsonl").read_bytes()
