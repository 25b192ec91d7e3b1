"""`Pipeline`: a checked chain of stages; the one entry point for the CLI and the library."""
from __future__ import annotations

from typing import Iterable, Iterator

from .document import Document
from .stages import DEFAULT_ORDER, STAGES, Stage, check_chain


class Pipeline:
    def __init__(self, stages: list[Stage]):
        check_chain(stages)
        self.stages = stages

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, text: str | Document, dct: str | None = None, id: str = "",
                 title: str | None = None) -> Document:
        doc = text if isinstance(text, Document) else Document(text=text, id=id, dct=dct, title=title)
        if dct is not None and isinstance(text, Document):
            doc.dct = dct
        return self.process(doc)

    def process(self, doc: Document) -> Document:
        """Run every stage; a stage that fails marks the document with `error` and stops it."""
        if doc.error:
            return doc
        for stage in self.stages:
            try:
                stage(doc)
            except Exception as exc:  # one bad document never stops a run
                doc.error = f"{stage.name}: {type(exc).__name__}: {exc}"
                return doc
            doc.stages_run[stage.name] = stage.describe()
        return doc

    def pipe(self, items: Iterable[str | Document], dct: str | None = None) -> Iterator[Document]:
        for item in items:
            yield self(item, dct=dct)


def load(stages: Iterable[str] | None = None, **options) -> Pipeline:
    """Build the default pipeline (or the named stages, in the order given).

    Options are passed to the stages that accept them, e.g. ``ner="naba"``.
    """
    names = list(stages) if stages is not None else list(DEFAULT_ORDER)
    unknown = [n for n in names if n not in STAGES]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; known: {sorted(STAGES)}")
    built = []
    for name in names:
        cls = STAGES[name]
        accepted = getattr(cls, "options", ())
        built.append(cls(**{k: v for k, v in options.items() if k in accepted}))
    return Pipeline(built)
