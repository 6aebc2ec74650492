"""Bounded lists: a page shows at most so many rows and says where the rest are."""

from dataclasses import dataclass


@dataclass
class More:
    """How much of a bounded list the page shows, and where all of it is."""

    shown: int
    total: int
    url: str = ""

    @property
    def is_cut(self):
        return self.total > self.shown
