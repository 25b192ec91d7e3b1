"""The `read` stage: header lines (date -> dct, title), image captions, input warnings."""
from __future__ import annotations

import regex

from ..arabic import ARABIC_LETTER, DIACRITICS, EASTERN_DIGITS, INVISIBLE, TATWEEL
from ..document import Document
from ..reader import parse_date as parse_header_date  # '27-أكتوبر-2023', '27/10/2023', ISO -> ISO day
from .base import Stage, register

IMAGE_LINE = regex.compile(r"(?m)^[^\n]{1,200}\.(?i:jpe?g|png|gif|webp|bmp|tiff?)[ \t]*$")


@register
class Read(Stage):
    name = "read"
    adds = ("header",)

    def __call__(self, doc: Document) -> None:
        text = doc.text
        if not text.strip():
            raise ValueError("empty document")
        self._warn_about_characters(doc)
        header = {}
        first_end = text.find("\n") if "\n" in text else len(text)
        date = parse_header_date(text[:first_end])
        if date:
            header["date"] = doc.span(0, first_end, value=date)
            if doc.dct is None:
                doc.dct = date
            elif doc.dct != date:
                doc.warnings.append(f"header date {date} differs from the given dct {doc.dct}; using {doc.dct}")
        images = [doc.span(m.start(), m.end()) for m in IMAGE_LINE.finditer(text)]
        if images:
            doc.meta["images"] = images
        if doc.meta.get("format") == "txt" and doc.title is None:
            title = self._title_line(doc, first_end if date else -1, images)
            if title:
                header["title"] = title
                doc.title = title["text"]
        if header:
            doc.meta["header"] = header

    @staticmethod
    def _title_line(doc: Document, after: int, images: list[dict]) -> dict | None:
        image_starts = {i["start"] for i in images}
        position = after + 1
        while position < len(doc.text):
            end = doc.text.find("\n", position)
            end = len(doc.text) if end < 0 else end
            line = doc.text[position:end]
            if line.strip() and position not in image_starts:
                lead = len(line) - len(line.lstrip())
                return doc.span(position + lead, position + len(line.rstrip()))
            position = end + 1
        return None

    @staticmethod
    def _warn_about_characters(doc: Document) -> None:
        text = doc.text
        if not ARABIC_LETTER.search(text):
            doc.warnings.append("no Arabic text found; Arabic-specific stages will find little")
        checks = [(INVISIBLE, "bidi control or zero-width characters (ignored for matching)"),
                  (DIACRITICS, "diacritics (ignored for matching)"),
                  (regex.compile(TATWEEL), "tatweel characters (ignored for matching)"),
                  (EASTERN_DIGITS, "Arabic-Indic digits (read as 0-9)")]
        for pattern, what in checks:
            found = len(pattern.findall(text))
            if found and (pattern is not DIACRITICS or found > len(text) // 20):
                doc.warnings.append(f"{found} {what}")
