"""Who a later mention means: a reporter names a person in full once, then writes "ông Khánh"
(an honorific and the last syllable of the name) or opens a sentence with "Ông" / "Bà"."""

from __future__ import annotations

import bisect
from typing import Callable, Mapping, NamedTuple


def gender(honorific: str | None, lexicon: Mapping[str, tuple[str, ...]]) -> str | None:
    """"m", "f", or None where the honorific (or its absence) does not say ("đồng chí"); the
    lexicon's MALE_HONORIFICS and FEMALE_HONORIFICS say which do."""
    word = honorific.lower() if honorific else None
    if word in lexicon.get("MALE_HONORIFICS", ()):
        return "m"
    return "f" if word in lexicon.get("FEMALE_HONORIFICS", ()) else None


class Mention(NamedTuple):
    """A person named in full at `start`: `key` is the official it names, None for a person
    with no office (who may be the subject a pronoun means, and then no official is)."""

    start: int
    key: str | None
    gender: str | None
    last: str  # the name's last syllable, folded


class Mentions:
    """The people named in a text, in order, asked who a later mention means."""

    def __init__(self, mentions: list[Mention], sentence: Callable[[int], int]):
        self._all = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._all]
        self._sentence = sentence  # where the sentence around a position starts

    def referent(self, pos: int, sex: str | None, last: str | None = None) -> str | None:
        """The official the mention at `pos` means; None if that person is no official.
        A short name (`last`: its folded syllable) means the person named last whose name ends
        so; a pronoun, the subject of the last sentence naming someone: the first person it
        names ("ông A ... thay ông B. Ông là ..." is about A). Neither of another sex."""
        earlier = self._earlier(pos, sex)
        if last is not None:
            return next((m.key for m in reversed(earlier) if m.last == last), None)
        if not earlier:
            return None
        first = self._sentence(earlier[-1].start)
        return next(m.key for m in earlier if m.start >= first)

    def sole(self, pos: int, sex: str | None, last: str) -> str | None:
        """The person the short name `last` at `pos` means when only one person named before
        (of its sex) bears it: "ông Phúc" after "ông Lê Hữu Phúc và ông Trần Văn Phúc" means none."""
        keys = {m.key for m in self._earlier(pos, sex) if m.last == last}
        return keys.pop() if len(keys) == 1 else None

    def _earlier(self, pos: int, sex: str | None) -> list[Mention]:
        """The people named before `pos`, but those of another sex."""
        return [m for m in self._all[:bisect.bisect_left(self._starts, pos)]
                if not (sex and m.gender and m.gender != sex)]
