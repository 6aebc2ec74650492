"""Checks that content is verbatim from its source text, and finds its page.

The sources are PDF extractions: words break across lines with a hyphen, and
page numbers, footnotes and link targets interrupt paragraphs. Text matches
its source when both agree after removing whitespace and hyphens.
"""

import bisect
import functools
import re
import unicodedata

from django.conf import settings

# Lines that are page furniture, not running text (1-based, inclusive): footnotes
# at the foot of a page and link targets the PDF extraction put inline.
FOOTNOTE_LINES = {
    "000_1842d860d4cf3c9f.txt": [(1173, 1175), (2154, 2154), (2342, 2343)],
    "003_2a44a03bc6f0ada0.txt": [(370, 370), (509, 511)],
}
PAGE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
LINK_TARGET = re.compile(r"^\s*https?://\S+\s*$")
# Bullets are layout, not text: a description keeps them, a statement does not.
IGNORED = re.compile(r"[\s\-\u00ad•]+")


def squeeze(text):
    """Text with whitespace, hyphens and soft hyphens removed, NFC-normalised."""
    return IGNORED.sub("", unicodedata.normalize("NFC", text))


@functools.cache
def raw_lines(filename):
    path = settings.SOURCE_TEXT_DIR / filename
    return path.read_text(encoding="utf-8").splitlines()


def is_furniture(filename, number, line):
    if PAGE_NUMBER.match(line) or LINK_TARGET.match(line):
        return True
    return any(a <= number <= b for a, b in FOOTNOTE_LINES.get(filename, []))


@functools.cache
def running_text(filename, with_furniture=False):
    """The squeezed source, page furniture removed unless asked for, and the raw line
    of each character."""
    chars, line_of_char = [], []
    for number, line in enumerate(raw_lines(filename), start=1):
        if not with_furniture and is_furniture(filename, number, line):
            continue
        squeezed = squeeze(line)
        chars.append(squeezed)
        line_of_char.extend([number] * len(squeezed))
    return "".join(chars), line_of_char


@functools.cache
def layout_text(filename, with_furniture=False):
    """The raw source with furniture lines removed (unless asked for), and the
    offset where each raw line starts in it."""
    parts, offsets, offset = [], {}, 0
    for number, line in enumerate(raw_lines(filename), start=1):
        if not with_furniture and is_furniture(filename, number, line):
            continue
        offsets[number] = offset
        parts.append(line)
        offset += len(line) + 1
    return "\n".join(parts), offsets


def _matches_at(text, source, position):
    """True when `text` stands in `source` from `position` with only the
    documented repairs: any whitespace run (line breaks included) is one space,
    and a line break after a hyphen is dropped, with the hyphen itself
    («arbeids-» + «miljø») or without it («IA-» + «avtalen»)."""
    i, j = 0, position
    while i < len(text):
        if j >= len(source):
            return False
        if text[i] == " ":
            if not source[j].isspace():
                return False
            while j < len(source) and source[j].isspace():
                j += 1
            i += 1
        elif text[i] == source[j]:
            i += 1
            j += 1
        elif source[j] == "-" and _skip_line_break(source, j + 1) > j + 1:
            j = _skip_line_break(source, j + 1)
        elif i and text[i - 1] == "-" and _skip_line_break(source, j) > j:
            j = _skip_line_break(source, j)
        else:
            return False
    return True


def _skip_line_break(source, j):
    """Past the whitespace from `j` when it holds a line break; else `j`."""
    k = j
    while k < len(source) and source[k] in " \t":
        k += 1
    if k < len(source) and source[k] == "\n":
        while k < len(source) and source[k].isspace():
            k += 1
        return k
    return j


def stands_verbatim(text, filename, line):
    """True when `text` starts on raw line `line` exactly as the source writes
    it, allowing only the documented repairs: whitespace and line breaks become
    one space, and a word broken over a line end is joined."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text or line is None:
        return False
    text = re.sub(r"\s+", " ", text)
    for with_furniture in (False, True):
        source, offsets = layout_text(filename, with_furniture)
        if line not in offsets:
            continue
        start = offsets[line]
        end_of_line = source.find("\n", start)
        end_of_line = len(source) if end_of_line < 0 else end_of_line
        position = source.find(text[0], start, end_of_line)
        while position >= 0:
            if _matches_at(text, source, position):
                return True
            position = source.find(text[0], position + 1, end_of_line)
    return False


LIST_NUMBER = re.compile(r"^\s*\d+\.\s")


@functools.cache
def list_numbers(filename):
    """(start, end) in the running text of each numbered list's «1.», «2.» …:
    layout, like a bullet, that no row needs to hold."""
    text, line_of_char = running_text(filename)
    spans = []
    for number, line in enumerate(raw_lines(filename), start=1):
        match = LIST_NUMBER.match(line)
        if not match or is_furniture(filename, number, line):
            continue
        start = bisect.bisect_left(line_of_char, number)
        spans.append((start, start + len(squeeze(match.group()))))
    return spans


def occurs_in_source(text, filename):
    """True when `text` stands in the source, in running text or in furniture."""
    return source_line(text, filename) is not None


def source_line(text, filename, near=None):
    """Raw line number where `text` starts (in running text first, else in a
    footnote), or None when it is not in the source. Where the text stands more
    than once, the occurrence starting at line `near` wins if there is one."""
    needle = squeeze(text)
    if not needle:
        return None
    for with_furniture in (False, True):
        haystack, line_of_char = running_text(filename, with_furniture)
        if near is not None:
            span = _span_at_line(needle, haystack, line_of_char, near)
            if span:
                return near
        index = haystack.find(needle)
        if index >= 0:
            return line_of_char[index]
    return None


def locate(text, filename, line):
    """(start, end) of `text` in the running text, where it starts on raw line
    `line`; None when it does not stand there."""
    needle = squeeze(text)
    if not needle or line is None:
        return None
    haystack, line_of_char = running_text(filename)
    return _span_at_line(needle, haystack, line_of_char, line)


def locate_in_footnotes(text, filename, line):
    """Like locate(), in the text with page furniture (footnotes) kept."""
    needle = squeeze(text)
    if not needle or line is None:
        return None
    haystack, line_of_char = running_text(filename, with_furniture=True)
    return _span_at_line(needle, haystack, line_of_char, line)


def _span_at_line(needle, haystack, line_of_char, line):
    index = _first_char_of_line(line_of_char, line)
    while index is not None:
        index = haystack.find(needle, index)
        if index < 0 or line_of_char[index] != line:
            return None
        return index, index + len(needle)
    return None


def _first_char_of_line(line_of_char, line):
    index = bisect.bisect_left(line_of_char, line)
    if index < len(line_of_char) and line_of_char[index] == line:
        return index
    return None


@functools.cache
def page_markers(filename):
    """(line number, printed page number) for every lone page-number line. In
    these documents the number is printed at the foot of its page."""
    return [
        (number, int(match.group(1)))
        for number, line in enumerate(raw_lines(filename), start=1)
        if (match := PAGE_NUMBER.match(line))
    ]


@functools.cache
def certain_pages(filename):
    """{raw line: page} for the only lines whose page the printed numbers fix
    beyond doubt: the last line of running text above a printed page number
    (on that page) and the first line below it (on the next)."""
    running = [
        number
        for number, line in enumerate(raw_lines(filename), start=1)
        if line.strip() and not is_furniture(filename, number, line)
    ]
    pages = {}
    for marker_line, page in page_markers(filename):
        before = [n for n in running if n < marker_line]
        after = [n for n in running if n > marker_line]
        if before:
            pages[before[-1]] = page
        if after:
            pages[after[0]] = page + 1
    return pages


def page_for(text, filename, line=None):
    """The page the source's printed numbers fix for `text` (where it starts at
    `line`), or None: never a guess. Of the certain pages its lines touch, the
    first."""
    line = line or source_line(text, filename)
    span = locate(text, filename, line)
    if span is None:
        return None
    _, line_of_char = running_text(filename)
    first, last = line_of_char[span[0]], line_of_char[span[1] - 1]
    pages = [page for number, page in certain_pages(filename).items() if first <= number <= last]
    return min(pages, default=None)
