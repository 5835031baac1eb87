"""PyThaiNLP for agency names, loaded on first use, read-only and offline.

Importing pythainlp costs about 0.08 s, so nothing is loaded until a function here is called: a page that never
breaks a long Thai name never pays for it. The word tokenizer (newmm, dictionary-based maximal matching) is given
PyThaiNLP's 62,000-word dictionary with Thailand's province, district and subdistrict names added (agency names are
mostly type words and place names: "องค์การบริหารส่วนตำบล|แม่ทา", not "…|แม่|ทา"), held as a set: the same words
as PyThaiNLP's Trie in a fraction of its memory (about 10 MB and 0.1 s to build, against 80 MB and 0.6 s). PyThaiNLP
would otherwise create ~/pythainlp-data on import and may download corpora; everything used here ships in its wheel,
so it is told to do neither.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from types import ModuleType


@functools.cache
def _util() -> ModuleType:
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")  # no ~/pythainlp-data (a server's home may be read-only)
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # no downloads: the word lists ship in the wheel
    import pythainlp.util

    return pythainlp.util


def normalize(text: str) -> str:
    """Return Thai text as pythainlp.util.normalize leaves it: zero-width spaces gone, vowels and tone marks in
    their standard order (เเ → แ, ํา → ำ), repeated vowels and marks once, no dangling mark at the start."""
    return _util().normalize(text)


def ascii_digits(text: str) -> str:
    """Return text with Thai digits ๐–๙ as ASCII digits (pythainlp.util.thai_digit_to_arabic_digit)."""
    return _util().thai_digit_to_arabic_digit(text) if text else text


def words(text: str) -> list[str]:
    """Return text cut into words (PyThaiNLP's newmm with its dictionary and Thailand's place names); no spaces."""
    return _tokenize(text, _words())


def syllables(text: str) -> list[str]:
    """Return text cut into syllables (newmm with PyThaiNLP's syllable list), for a word too long for a line."""
    return _tokenize(text, _syllables())


def _tokenize(text: str, dictionary: object) -> list[str]:
    _util()
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", custom_dict=dictionary, keep_whitespace=False)


#: Words of the ITA the dictionary lacks, which newmm would cut wrongly in a chart title ("ยกตัว|ชี้|วัด").
DOMAIN_WORDS = frozenset({"ตัวชี้วัด", "ความโปร่งใส", "ผู้มีส่วนได้ส่วนเสีย", "สหสัมพันธ์", "การทุจริต"})


@functools.cache
def _words() -> object:
    import geothai

    _util()
    from pythainlp.corpus import thai_words

    places = set()
    for province in geothai.provinces():
        places.add(province.name_th)
        for district in geothai.districts(province.code):
            places.add(district.name_th)
            places.update(subdistrict.name_th for subdistrict in geothai.subdistricts(district.code))
    return _word_set(thai_words() | places | DOMAIN_WORDS)


@functools.cache
def _syllables() -> object:
    _util()
    from pythainlp.corpus import thai_syllables

    return _word_set(thai_syllables())


def _word_set(words: Iterable[str]) -> object:
    """Return a dictionary newmm can use (a pythainlp.util.Trie) that holds its words in a set."""
    from pythainlp.util import Trie

    class WordSet(Trie):
        """PyThaiNLP's Trie as newmm uses it (prefixes, membership, size), over a set: no nodes are built."""

        def __init__(self, words: Iterable[str]) -> None:  # Trie's own __init__ would build a node per letter
            self.words = frozenset(word for word in words if word)
            self.longest = max(map(len, self.words), default=0)

        def prefixes(self, text: str, start: int = 0) -> list[str]:
            """Return the words that begin at start in text, shortest first."""
            end = min(len(text), start + self.longest)
            return [text[start:stop] for stop in range(start + 1, end + 1) if text[start:stop] in self.words]

        def __contains__(self, word: object) -> bool:
            return word in self.words

        def __len__(self) -> int:
            return len(self.words)

        def __iter__(self) -> Iterator[str]:
            return iter(self.words)

    return WordSet(words)
