"""CRF features of a tokenized sentence: word forms, clitic segments, affixes,
word clusters, cue words and gazetteer matches, over a ±2 token window.

Features depend only on the token strings, so training (ANERcorp tokens)
and tagging (the `tokens` layer) share this one code path.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from ..arabic import ARABIC_LETTER, normalize
from ..clitics import analyze, word_counts
from ..resources import read_tsv, read_words
from . import gazetteer

WINDOW = (-2, -1, 1, 2)
CONTEXT_KEYS = ("w", "nf", "c256", "cue", "shape")


class Clusters:
    """word -> (c64, c256, c1024) from the model folder's clusters.tsv."""

    def __init__(self, path: Path | None):
        self.table: dict[str, tuple[str, ...]] = {}
        if path and path.exists():
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#") or line.startswith("word\t"):
                        continue
                    word, *ids = line.rstrip("\n").split("\t")
                    self.table[word] = tuple(ids)

    def get(self, *forms: str) -> tuple[str, ...] | None:
        for form in forms:
            if form in self.table:
                return self.table[form]
        return None


@lru_cache(maxsize=1)
def cue_words() -> dict[str, str]:
    cues = {normalize(w): "title" for w in read_words("ner/person_titles.txt")}
    cues.update({normalize(w): "orghead" for w in read_words("ner/org_heads.txt")})
    cues.update({normalize(r["word"]): "lochead" for r in read_tsv("ner/loc_heads.txt")})
    return cues


@lru_cache(maxsize=30_000)
def split_word(token: str) -> tuple[str, str, str, str, str]:
    """(normalized, proclitics, name form without proclitics, stem, enclitic)."""
    n = normalize(token)
    if not n or not all(ARABIC_LETTER.match(c) for c in n):
        return n, "", n, n, ""
    pro, article, stem, enc = analyze(n)
    name_form = ("ال" if article else "") + stem + enc
    return n, pro, name_form, stem, enc


def _shape(token: str) -> str:
    if any(c.isdigit() for c in token):
        return "digit"
    if ARABIC_LETTER.search(token):
        return "ar"
    if any(c.isalpha() for c in token):
        return "latin"
    return "punct"


class Featurizer:
    """``known``: when tagging, the model's attributes. CRFsuite ignores any other
    attribute, so leaving them out here gives the same tags and probabilities
    while it converts fewer strings (training passes None: every feature)."""

    def __init__(self, clusters: Clusters, known: frozenset[str] | None = None):
        self.clusters = clusters
        self.known = known
        self.word_features = lru_cache(maxsize=30_000)(self._word_features)

    def _word_features(self, token: str) -> tuple[dict[str, str], tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """(context values, the word's own feature strings, its strings as seen from each WINDOW offset)."""
        n, pro, nf, stem, enc = split_word(token)
        cue = cue_words().get(nf) or cue_words().get(n) or ""
        clusters = self.clusters.get(n, nf, stem) or ("", "", "")
        count = word_counts().get(n.replace("ة", "ه"), 0)
        gaz = {e.label for e in gazetteer.lookup(nf)} | {e.label for e in gazetteer.lookup(n)}
        base = {"w": n, "nf": nf, "c256": clusters[1], "cue": cue, "shape": _shape(token)}
        own = ["bias", f"st={stem}", f"pro={pro}", f"enc={enc}", f"al={nf.startswith('ال')}",
               f"p2={stem[:2]}", f"p3={stem[:3]}", f"s2={stem[-2:]}", f"s3={stem[-3:]}",
               f"len={min(len(stem), 8)}", f"c64={clusters[0]}", f"c1024={clusters[2]}",
               f"freq={int(math.log2(count + 1))}", *(f"gaz={label}" for label in sorted(gaz))]
        context = tuple(self._kept(f"{d}:{k}={base[k]}" for k in CONTEXT_KEYS) for d in WINDOW)
        return base, self._kept((*(f"{k}={v}" for k, v in base.items()), *own)), context

    def _kept(self, features) -> tuple[str, ...]:
        return tuple(features if self.known is None else (f for f in features if f in self.known))

    def sentence(self, tokens: list[str]) -> list[list[str]]:
        words = [self.word_features(t) for t in tokens]
        forms = [b["w"] for b, _, _ in words]
        name_forms = [b["nf"] for b, _, _ in words]
        spans = ["" for _ in tokens]
        for start, end, found in gazetteer.longest_matches(forms, name_forms):
            label = "+".join(sorted({e.label for e in found}))
            for k in range(start, end):
                spans[k] = ("B-" if k == start else "I-") + label
        out = []
        keep = (lambda f: True) if self.known is None else self.known.__contains__
        for i, (_, own, _) in enumerate(words):
            feats = list(own)
            if spans[i] and keep(f := f"gspan={spans[i]}"):
                feats.append(f)
            for at, d in enumerate(WINDOW):
                j = i + d
                if 0 <= j < len(words):
                    feats.extend(words[j][2][at])
                    if spans[j] and keep(f := f"{d}:gspan={spans[j]}"):
                        feats.append(f)
                elif keep(f := f"{d}:edge"):
                    feats.append(f)
            if i > 0 and keep(f := f"bi-={name_forms[i - 1]}|{name_forms[i]}"):
                feats.append(f)
            if i + 1 < len(words) and keep(f := f"bi+={name_forms[i]}|{name_forms[i + 1]}"):
                feats.append(f)
            out.append(feats)
        return out
