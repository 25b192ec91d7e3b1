"""The shipped NER model: a linear-chain CRF (python-crfsuite) over :mod:`.features`."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pycrfsuite

from .features import Clusters, Featurizer

# models/ beside the package in a checkout; NABA_MODELS points elsewhere.
MODELS = Path(os.environ.get("NABA_MODELS") or Path(__file__).resolve().parents[2] / "models")
DEFAULT_MODEL = MODELS / "naba-ner"


class CRFTagger:
    def __init__(self, folder: Path | str = DEFAULT_MODEL):
        self.folder = Path(folder)
        weights = self.folder / "model.crfsuite"
        if not weights.exists():
            raise FileNotFoundError(f"no NER model at {weights}; train one with "
                                    f"`python -m pipeline.train.ner` (needs ../shared/data)")
        meta = self.folder / "meta.json"
        self.meta = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(weights))
        self.featurizer = Featurizer(Clusters(self.folder / "clusters.tsv"), known=self._attributes())

    def _attributes(self) -> frozenset[str] | None:
        """The model's attributes (from CRFsuite's dump), or None if the dump does not list them all."""
        info = self.tagger.info()
        known = frozenset(info.attributes)
        return known if str(len(known)) == info.header.get("num_attrs") else None

    @property
    def name(self) -> str:
        return f"{self.meta.get('name', self.folder.name)} {self.meta.get('version', '')}".strip()

    def tag(self, tokens: list[str]) -> tuple[list[str], list[float]]:
        """IOB2 tags and each name tag's marginal probability (0.0 for O, not computed)."""
        if not tokens:
            return [], []
        self.tagger.set(self.featurizer.sentence(tokens))
        tags = self.tagger.tag()
        return tags, [self.tagger.marginal(t, i) if t != "O" else 0.0 for i, t in enumerate(tags)]
