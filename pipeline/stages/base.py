"""Stage registry: each stage declares the layers it needs and the layers it adds.

A stage is a callable ``Document -> None`` that fills its layers in place.
:class:`pipeline.Pipeline` checks the chain when it is built, so a stage run
out of order fails at once with the stage and the missing layer named.
"""
from __future__ import annotations

from typing import ClassVar

from ..document import Document

STAGES: dict[str, type["Stage"]] = {}


class Stage:
    name: ClassVar[str]
    needs: ClassVar[tuple[str, ...]] = ()
    adds: ClassVar[tuple[str, ...]] = ()
    version: ClassVar[str] = "1"

    def __call__(self, doc: Document) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        """What goes into the record's ``pipeline.stages`` (model name + version)."""
        return f"{self.name} {self.version}"


def register(cls: type[Stage]) -> type[Stage]:
    STAGES[cls.name] = cls
    return cls


def check_chain(stages: list[Stage], provided: tuple[str, ...] = ()) -> None:
    """Raise ValueError naming the first stage whose needs no earlier stage adds."""
    have = set(provided)
    for stage in stages:
        missing = [layer for layer in stage.needs if layer not in have]
        if missing:
            added_by = {layer: [s.name for s in STAGES.values() if layer in s.adds] for layer in missing}
            hint = "; ".join(f"'{layer}' is added by {', '.join(by) or 'no registered stage'}"
                             for layer, by in added_by.items())
            raise ValueError(f"stage '{stage.name}' needs {', '.join(repr(m) for m in missing)}, "
                             f"which no earlier stage adds ({hint}). Order: "
                             f"{' -> '.join(s.name for s in stages)}")
        have.update(stage.adds)
