"""Reading a run's output back as pandas DataFrames keyed by document id."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

TABLES = ("tokens", "entities", "timexes", "quotes", "events")


def read_results(path: str | Path) -> dict[str, pd.DataFrame]:
    """``{"documents", "tokens", "entities", "timexes", "quotes", "events"}`` DataFrames.

    ``path`` is a ``docs.jsonl`` file or the output folder holding it. Every
    annotation row carries ``doc_id``; nested spans (a quote's ``speaker``,
    an event's ``location``) stay as dicts in their column.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "docs.jsonl"
    documents, rows = [], {name: [] for name in TABLES}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            documents.append({"doc_id": record.get("id"), "source": record.get("source"),
                              "dct": record.get("dct"), "title": record.get("title"),
                              "n_chars": len(record.get("text") or ""),
                              "n_tokens": len(record.get("tokens") or []),
                              "warnings": record.get("warnings") or [], "error": record.get("error")})
            for name in TABLES:
                for item in record.get(name) or []:
                    rows[name].append({"doc_id": record.get("id"), **item})
    tables = {"documents": pd.DataFrame(documents, columns=["doc_id", "source", "dct", "title", "n_chars",
                                                            "n_tokens", "warnings", "error"])}
    for name in TABLES:
        tables[name] = pd.DataFrame(rows[name]) if rows[name] else pd.DataFrame(columns=["doc_id", "start", "end", "text"])
    return tables
