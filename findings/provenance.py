"""Checks that content is verbatim from its source text, and finds its page.

The sources are PDF extractions: words break across lines with a hyphen, and
page numbers, footnotes and link targets interrupt paragraphs. Text matches
its source when both agree after removing whitespace and hyphens.
"""

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
# A page of these documents holds more than 60 raw lines, so text this close
# to a printed page number is certainly on that page (before) or the next (after).
PAGE_WINDOW = 50
IGNORED = re.compile(r"[\s\-\u00ad]+")


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


def occurs_in_source(text, filename):
    """True when `text` stands in the source, in running text or in furniture."""
    return source_line(text, filename) is not None


def source_line(text, filename):
    """Raw line number where `text` starts (in running text first, else in a
    footnote), or None when it is not in the source."""
    needle = squeeze(text)
    if not needle:
        return None
    for with_furniture in (False, True):
        haystack, line_of_char = running_text(filename, with_furniture)
        index = haystack.find(needle)
        if index >= 0:
            return line_of_char[index]
    return None


@functools.cache
def page_markers(filename):
    """(line number, printed page number) for every lone page-number line."""
    return [
        (number, int(match.group(1)))
        for number, line in enumerate(raw_lines(filename), start=1)
        if (match := PAGE_NUMBER.match(line))
    ]


def page_for(text, filename):
    """The page the source shows for `text`, or None where it shows none nearby."""
    line = source_line(text, filename)
    if line is None:
        return None
    for marker_line, page in page_markers(filename):
        if marker_line - PAGE_WINDOW <= line < marker_line:
            return page
        if marker_line < line <= marker_line + PAGE_WINDOW:
            return page + 1
    return None
