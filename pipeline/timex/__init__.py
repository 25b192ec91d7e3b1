"""Arabic temporal expressions -> TIMEX3 (see pipeline.stages.timexes)."""
from .grammar import find  # noqa: F401
