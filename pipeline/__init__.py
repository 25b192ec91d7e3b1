"""Naba: Arabic news information extraction.

    import pipeline
    nlp = pipeline.load()
    doc = nlp(text, dct="2023-10-27")
    doc.to_dict()
    for doc in nlp.pipe(pipeline.read("articles/")): ...   # files read exactly as `naba run` reads them
    events = pipeline.aggregate("out/docs.jsonl")          # one row per event across documents (pandas)
"""
__version__ = "0.1.0"

from .aggregate import aggregate  # noqa: E402
from .document import Document  # noqa: E402
from .nlp import Pipeline, load  # noqa: E402
from .reader import read  # noqa: E402
from .results import read_results  # noqa: E402
from .render import render  # noqa: E402

__all__ = ["Document", "Pipeline", "aggregate", "load", "read", "read_results", "render", "__version__"]
