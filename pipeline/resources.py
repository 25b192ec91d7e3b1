"""Loading the language data files kept under ``pipeline/data``."""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources

from .arabic import normalize


def data_path(name: str):
    return resources.files("pipeline").joinpath("data", name)


@lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[dict, ...]:
    """Rows of a TSV data file with a header line; lines starting with '#' are comments."""
    with data_path(name).open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=None)
def read_words(name: str) -> frozenset[str]:
    """A word list: one entry per line, '#' comments allowed."""
    with data_path(name).open(encoding="utf-8") as f:
        return frozenset(line.split("#")[0].strip() for line in f if line.split("#")[0].strip())


@lru_cache(maxsize=None)
def read_keys(name: str) -> frozenset[str]:
    """A word list in matching form (:func:`pipeline.arabic.normalize`)."""
    return frozenset(normalize(w) for w in read_words(name))


@lru_cache(maxsize=None)
def read_json(name: str):
    with data_path(name).open(encoding="utf-8") as f:
        return json.load(f)


def schema(name: str) -> dict:
    """A shipped JSON Schema: 'docs' or 'events'."""
    with resources.files("pipeline").joinpath("schema", f"{name}.schema.json").open(encoding="utf-8") as f:
        return json.load(f)
