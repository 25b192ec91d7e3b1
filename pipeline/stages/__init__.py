"""Stages, in their natural order. Importing this package registers them."""
from . import entities, events, normalize, quotes, read, sentences, timexes, tokens  # noqa: F401
from .base import STAGES, Stage, check_chain, register  # noqa: F401

DEFAULT_ORDER = ("read", "normalize", "sentences", "tokens", "timexes", "entities", "quotes", "events")
