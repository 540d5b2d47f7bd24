"""LIX (læsbarhedsindeks, Björnsson 1968): words per sentence plus the share of long words, in per cent.

    LIX = words / sentences + 100 * long words / words

Below 25 is very easy text, 25-34 easy, 35-44 medium, 45-54 hard, 55 and up very hard. The portal's
pages must stay at 35 or below in Danish.

How Danish text is split here, so a score can be checked by hand:
- A word is a run of letters or digits. A hyphen or apostrophe between two such runs keeps them one word
  ("e-mail", "TG1-forløb"), since Danish writes compounds as one word; so does a full stop or comma between
  digits ("8.00-9.00" is one word). "§", "–" and other signs are not words. Numbers are words
  ("89 59 30 11" is four), as the reader reads them one by one.
- A long word has more than 6 letters (Björnsson counts letters; digits, hyphens and the like are not counted):
  "træning" (7) and "hverdag" (7) are long, "sygdom" (6) is not. So a number is never long: a case number
  ("2026-00012"), a date or a masked CPR number ("010190-xxxx") is read as a code, not spelt out as a word, and a
  list of them does not make a page harder than its words.
- A sentence ends at "!", "?" or ":" followed by a space or the end, and at "." followed by the end or by a
  space and anything but a lower-case letter or a digit. So "evt. dine" and "kl. 8.00" do not end a sentence
  (Danish abbreviations), and a full stop inside "8.00" never does.
- Each block of a page ends a sentence too, with or without a full stop: a heading, a paragraph, a list item, a
  table cell or caption, a label or legend, a button, a summary or details, a term or its description (dt, dd).
  A heading is read as a unit. `main_text` marks block ends with a new line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

WORD = re.compile(r"[^\W_]+(?:(?:['’-]|(?<=\d)[.,](?=\d))[^\W_]+)*")
LONG_WORD_LETTERS = 6
# Punctuation that may end a sentence, followed by a space or the end of the block.
END_MARK = re.compile(r"[.!?:]+(?=\s|$)")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> float:
        if not self.words:
            return 0.0
        return self.words / self.sentences + 100 * self.long_words / self.words


def sentences(text: str) -> list[str]:
    """The sentences of a text that hold at least one word; each line is a block and ends a sentence."""
    found: list[str] = []
    for block in text.split("\n"):
        start = 0
        for mark in END_MARK.finditer(block):
            following = block[mark.end() :].lstrip()[:1]
            # A full stop before a lower-case word or a digit closes an abbreviation ("evt. dine", "kl. 8").
            if set(mark.group()) == {"."} and (following.islower() or following.isdigit()):
                continue
            found.append(block[start : mark.end()])
            start = mark.end()
        found.append(block[start:])
    return [sentence.strip() for sentence in found if WORD.search(sentence)]


def words(text: str) -> list[str]:
    return WORD.findall(text)


def is_long(word: str) -> bool:
    return sum(character.isalpha() for character in word) > LONG_WORD_LETTERS


def readability(text: str) -> Readability:
    found = sentences(text)
    all_words = [word for sentence in found for word in words(sentence)]
    return Readability(words=len(all_words), sentences=len(found), long_words=sum(map(is_long, all_words)))


def lix(text: str) -> float:
    return readability(text).lix


# Elements that end a block of text: a sentence boundary even without a full stop.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "label", "legend", "li", "main", "menu", "ol", "optgroup", "option", "p", "pre",
        "search", "section", "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr",
        "ul",
    }
)  # fmt: skip
VOID_TAGS = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Not prose: navigation between pages, code, and notes marked for staff.
SKIPPED_TAGS = frozenset({"nav", "script", "style", "template", "svg"})
SKIP_ATTRIBUTE = "data-lix-skip"


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, whether it starts a skipped part)
        self.in_main = 0
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS and self.in_main:
            self.parts.append("\n")
        if tag in VOID_TAGS:
            return
        skip = tag in SKIPPED_TAGS or any(name == SKIP_ATTRIBUTE for name, _ in attrs)
        self.stack.append((tag, skip))
        if tag == "main":
            self.in_main += 1
        if skip:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip:
                self.skipping -= 1
            if open_tag == "main":
                self.in_main -= 1
            if open_tag == tag:
                break
        if tag in BLOCK_TAGS and self.in_main:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # Line breaks in the HTML source are spaces; only block ends become new lines.
        if self.in_main and not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def main_text(html: str) -> str:
    """The text of a page's <main>, one block per line, without navigation and staff notes."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def page_lix(html: str) -> float:
    return lix(main_text(html))
