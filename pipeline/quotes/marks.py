"""Quotation marks: which open, which close, and the spans between them.

One linear scan over the text. ``«`` ``„`` ``‹`` always open and ``»`` ``›``
always close; ``"`` ``“`` ``”`` ``'`` are read from their neighbours (a mark
after a space or an opening bracket opens, one before a space or punctuation
closes, ``يستخدمهما"،وذلك`` closes). A paragraph that ends inside a quote
continues it when the next paragraph opens with the same mark (the
newspaper convention for quotes over several paragraphs); otherwise the
quote is left open at the paragraph's end. A closing mark with no opening
one gives a span that starts where the sentence or the previous mark does.
"""
from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"«": "angle", "„": "curly", "‹": "angle1"}
CLOSERS = {"»": "angle", "›": "angle1"}
AMBIGUOUS = {'"': "straight", "“": "curly", "”": "curly", "'": "single", "‘": "single", "’": "single",
             "″": "straight", "＂": "straight"}
MARKS = frozenset(OPENERS) | frozenset(CLOSERS) | frozenset(AMBIGUOUS)
OPEN_CONTEXT = set(" \t\n([{:؛،,-–—/") | set(OPENERS)
CLOSE_CONTEXT = set(" \t\n)]}.,،؛;:!?؟…-–—/") | set(CLOSERS)
PUNCT_AFTER = set(".,،؛;:!?؟")  # a mark right before punctuation closes, whatever stands before it
MAX_DEPTH = 4
MAX_PARAGRAPH_GAP = 3  # blank lines allowed between the paragraphs of one quote


@dataclass
class Quoted:
    start: int          # first character inside the marks
    end: int            # character after the content (the closing mark, or where it was left open)
    open_mark: int | None
    close_mark: int | None

    @property
    def balanced(self) -> bool:
        return self.open_mark is not None and self.close_mark is not None


def direction(text: str, i: int, family_open: bool) -> str | None:
    """'open', 'close' or None (not a quotation mark here) for an ambiguous mark at i."""
    ch = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if AMBIGUOUS[ch] == "single" and before.isalpha() and after.isalpha():
        return None  # an apostrophe inside a word (transliteration)
    opens = before in OPEN_CONTEXT and after not in " \t\n" and after not in PUNCT_AFTER
    closes = after in CLOSE_CONTEXT and (before not in " \t\n" or after in PUNCT_AFTER)
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    if AMBIGUOUS[ch] == "single":
        return None
    return "close" if family_open else "open"


def _fixed_direction(text: str, i: int, opening: bool) -> str:
    """« opens and » closes, unless the neighbours say the text writes them the other way round
    (و»ارهابيان», a » before a word and after a space)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    word_after = after.isalpha() and (before in OPEN_CONTEXT or before in "وفبل" and (i < 2 or not text[i - 2].isalpha()))
    word_before = before.isalpha() and after in CLOSE_CONTEXT
    if not opening and word_after:
        return "open"
    if opening and word_before:
        return "close"
    return "open" if opening else "close"


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted span in text order (nested spans included), linear in the text's length."""
    found: list[Quoted] = []
    stack: list[tuple[str, int]] = []  # (family, position of the opening mark)
    last_mark_end = 0  # where an unopened closing mark's span may start
    paragraph_start = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            i = _paragraph_end(text, i, stack, found)
            paragraph_start = last_mark_end = i
            continue
        if ch in MARKS:
            family = OPENERS.get(ch) or CLOSERS.get(ch) or AMBIGUOUS[ch]
            family = {"angle1": "angle"}.get(family, family)
            if ch in OPENERS or ch in CLOSERS:
                kind = _fixed_direction(text, i, ch in OPENERS)
            else:
                kind = direction(text, i, any(f == family for f, _ in stack))
            if kind == "open":
                same = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == family), None)
                if same is not None and family in ("straight", "single"):
                    # "إن المفاوضات مستمرة. وأضاف "لن ...: a mark that cannot nest in its own kind ends the
                    # open quote at the last sentence end before it
                    end = max(text.rfind(t, stack[same][1], i) for t in ".!?؟")
                    _close_open(stack[same:], end if end > stack[same][1] else i, found)
                    del stack[same:]
                if len(stack) >= MAX_DEPTH:
                    stack.pop(0)
                stack.append((family, i))
            elif kind == "close":
                at = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == family), None)
                if at is None:
                    found.append(Quoted(max(last_mark_end, paragraph_start), i, None, i))
                else:
                    found.append(Quoted(stack[at][1] + 1, i, stack[at][1], i))
                    del stack[at:]
            if kind:
                last_mark_end = i + 1
        i += 1
    _close_open(stack, n, found)
    found.sort(key=lambda q: (q.start, -q.end))
    return found


def _paragraph_end(text: str, i: int, stack: list, found: list) -> int:
    """At a newline: continue open quotes into the next paragraph when it opens with the same
    mark, else leave them open here. Returns where scanning goes on."""
    j, breaks = i, 0
    while j < len(text) and text[j] in " \t\n\u00a0":
        breaks += text[j] == "\n"
        j += 1
    if stack and j < len(text) and breaks <= MAX_PARAGRAPH_GAP and text[j] in MARKS:
        family = OPENERS.get(text[j]) or AMBIGUOUS.get(text[j])
        if family == stack[0][0] and (text[j] in OPENERS or direction(text, j, False) == "open"):
            del stack[1:]
            return j + 1  # the mark re-opens the same quote
    end = i
    while end > 0 and text[end - 1] in " \t\u00a0":
        end -= 1
    _close_open(stack, end, found)
    return j


def _close_open(stack: list, end: int, found: list) -> None:
    for _, at in stack:
        if at + 1 < end:
            found.append(Quoted(at + 1, end, at, None))
    stack.clear()
