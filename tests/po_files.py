"""A small reader for gettext .po files: enough to compare a .po with its
compiled .mo and to list a package's message ids, without gettext installed."""

import ast
import re
from dataclasses import dataclass, field

KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')
CONTEXT_SEPARATOR = "\x04"  # how gettext joins msgctxt and msgid in a catalog key


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self):
        return f"{self.msgctxt}{CONTEXT_SEPARATOR}{self.msgid}" if self.msgctxt else self.msgid

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr)


def entries(text):
    """Every entry of a .po file, the header included; obsolete ones (#~) left out."""
    for block in re.split(r"\n\s*\n", text):
        entry, last = Entry(), None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                _append(entry, last, ast.literal_eval(line))
            else:
                keyword, quoted = KEYWORD.match(line).groups()
                last = keyword
                _set(entry, keyword, ast.literal_eval(quoted))
        if last is not None:
            yield entry


def _set(entry, keyword, value):
    if keyword.startswith("msgstr"):
        entry.msgstr.append(value)
    else:
        setattr(entry, keyword, value)


def _append(entry, keyword, value):
    if keyword.startswith("msgstr"):
        entry.msgstr[-1] += value
    else:
        setattr(entry, keyword, getattr(entry, keyword) + value)


def catalog(text):
    """What msgfmt compiles a .po into, in the shape Python's gettext reads a .mo:
    {key: translation}, {(key, n): form} for plurals; untranslated and fuzzy
    entries left out, as msgfmt leaves them out."""
    compiled = {}
    for entry in entries(text):
        if not entry.translated or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural is None:
            compiled[entry.key] = entry.msgstr[0]
        else:
            for n, form in enumerate(entry.msgstr):
                compiled[(entry.key, n)] = form
    return compiled
