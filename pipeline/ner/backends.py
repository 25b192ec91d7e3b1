"""NER backends behind one interface: ``tag(sentences) -> [(tags, scores), ...]``.

``scores`` holds each tag's probability, or None where the backend gives none
(camel, stanza).

``naba`` (default) is the CRF shipped in ``models/``; ``camel`` and ``stanza``
use those libraries' pretrained models where the user has installed them.
All take our tokens, so their output aligns with the tokens' character offsets.
Nothing here downloads anything.
"""
from __future__ import annotations

import os
from pathlib import Path

from .corpus import map_tag, to_iob2

CAMEL_INSTALL = ("camel-tools' NER data is not installed. Install it with `camel_data -i ner-arabert` "
                 "(set CAMELTOOLS_DATA first to put it outside ~/.camel_tools), or use --ner naba.")
STANZA_INSTALL = ("Stanza's Arabic NER model is not installed. Install it with "
                  "`python -c \"import stanza; stanza.download('ar', processors='tokenize,ner')\"` "
                  "(set STANZA_RESOURCES_DIR to use another folder), or use --ner naba.")


class BackendUnavailable(RuntimeError):
    """The backend's model or data is missing; the message says how to install it."""


class NabaBackend:
    def __init__(self, model: str | Path | None = None):
        from .crf import DEFAULT_MODEL, CRFTagger
        try:
            self.tagger = CRFTagger(model or DEFAULT_MODEL)
        except FileNotFoundError as exc:
            raise BackendUnavailable(str(exc)) from exc
        self.name = self.tagger.name

    def tag(self, sentences: list[list[str]]) -> list[tuple[list[str], list[float]]]:
        return [self.tagger.tag(tokens) for tokens in sentences]


def camel_data_dir() -> Path:
    """Where camel-tools keeps its data: CAMELTOOLS_DATA, else ~/.camel_tools."""
    return Path(os.environ.get("CAMELTOOLS_DATA") or Path.home() / ".camel_tools").expanduser()


class CamelBackend:
    name = "camel ner-arabert"

    def __init__(self, model: str | None = None):
        folder = Path(model) if model else camel_data_dir() / "data/ner/arabert"
        if not folder.exists():  # checked first: importing camel_tools.ner reaches for the network
            raise BackendUnavailable(f"{CAMEL_INSTALL} (looked in {folder})")
        try:
            from camel_tools.ner import NERecognizer
            self.recognizer = NERecognizer(model) if model else NERecognizer.pretrained()
        except Exception as exc:
            raise BackendUnavailable(f"{CAMEL_INSTALL} ({type(exc).__name__}: {exc})") from exc

    def tag(self, sentences):
        labels = self.recognizer.predict(sentences) if sentences else []
        return [(_ours(tags), [None] * len(tags)) for tags in labels]


class StanzaBackend:
    def __init__(self, model: str | Path | None = None, pretrain: str | Path | None = None):
        import stanza
        options = {"lang": "ar", "processors": "tokenize,ner", "tokenize_pretokenized": True,
                   "download_method": None, "logging_level": "WARN", "use_gpu": False}
        if os.environ.get("STANZA_RESOURCES_DIR"):
            options["dir"] = os.environ["STANZA_RESOURCES_DIR"]
        if model:  # a model file of one's own needs no installed resources
            options["ner_model_path"] = str(model)
            options["dir"] = _bare_resources_dir()
            beside = Path(model).with_name("pretrain.pt")
            pretrain = pretrain or (beside if beside.exists() else None)
        if pretrain:
            options["ner_pretrain_path"] = str(pretrain)
        try:
            self.pipeline = stanza.Pipeline(**options)
        except Exception as exc:
            raise BackendUnavailable(f"{STANZA_INSTALL} ({type(exc).__name__}: {exc})") from exc
        self.name = f"stanza {Path(model).name if model else 'ar'}"

    def tag(self, sentences):
        if not sentences:
            return []
        doc = self.pipeline(sentences)
        return [(_ours(_bioes_to_iob2([t.ner for t in s.tokens])), [None] * len(s.tokens))
                for s in doc.sentences]


def _bare_resources_dir() -> str:
    """A folder with the smallest resources.json Stanza accepts, for explicit model paths."""
    import json
    import tempfile
    folder = Path(tempfile.gettempdir()) / "naba-stanza-resources"
    folder.mkdir(exist_ok=True)
    (folder / "resources.json").write_text(json.dumps({"ar": {"lang_name": "Arabic", "default_processors": {}}}))
    return str(folder)


def _bioes_to_iob2(tags: list[str]) -> list[str]:
    return [("B-" + t[2:]) if t.startswith("S-") else ("I-" + t[2:]) if t.startswith("E-") else t
            for t in tags]


BACKEND_LABELS = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
                  "MISC": "MISC"}


def _ours(tags: list[str]) -> list[str]:
    """Backend labels (PERS, GPE, ...) to PER/ORG/LOC/MISC, IOB2; other types become MISC."""
    return to_iob2([map_tag(tag, BACKEND_LABELS, other="MISC") for tag in tags])


BACKENDS = {"naba": NabaBackend, "camel": CamelBackend, "stanza": StanzaBackend}


def load_backend(name: str = "naba", **options):
    if name not in BACKENDS:
        raise ValueError(f"unknown NER backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return BACKENDS[name](**options)
