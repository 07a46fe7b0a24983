"""How Vietnamese does a piece of text look: the judge that picks a legacy decoding.

Every Vietnamese word is a single syllable of a small, closed shape (initial consonant,
vowel cluster, final consonant, at most one tone mark), so a wrong decoding shows up
as "words" that no Vietnamese syllable could be (``Qu¸n``, ``chaứo``).  Counting
well-formed syllables is a much sharper test than character statistics and needs no
dictionary.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import AnyStr

__all__ = ["is_syllable", "score", "sample"]

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Written (orthographic) inventory, tone marks removed.  "gi" and "qu" are listed as
# initials so that "giá" and "quyết" parse; the regex backtracks over alternatives.
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# vowel clusters that end the syllable (their last letter is already a glide)
_OPEN = (
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ua|ưa|uơ|oa|oe|uê|uy|"
    "a|e|ê|i|o|ô|ơ|u|ư|y"
)
# vowel clusters that may (or must) take a final consonant
_CLOSED = "uyê|iê|yê|uô|ươ|oa|oă|oe|uâ|uê|uy|oo|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_FINALS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(f"(?:{_INITIALS})?(?:(?:{_OPEN})|(?:{_CLOSED})(?:{_FINALS}))")

# Frequent words of administrative prose; they break ties between two decodings that
# both yield well-formed (but not equally plausible) syllables.
_COMMON = frozenset(
    """của và các được những trong này cho với theo người không đã để có là một về tại
    đến từ năm ngày tháng số quyết định nghị thị chỉ đảng nhà nước ban nhân dân tỉnh
    thực hiện quản lý xã hội chính phủ ủy kinh tế phát triển công tác trung ương cơ
    quan bộ thành phố huyện sở văn bản điều khoản luật thông tư kế hoạch tổ chức cán
    việc nam cộng hòa hoà độc lập tự do hạnh phúc nơi nhận trên dưới sau trước đồng
    chí ông bà giao trách nhiệm báo cáo""".split()
)

# A "word" for scoring: a run of anything but whitespace, digits and ASCII punctuation,
# so that mojibake symbols (¸ µ ¶ ®) stay glued to the letters around them and
# spoil the word instead of vanishing as separators.
_TOKEN = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Return True if *word* is a well-formed Vietnamese syllable.

    Examples
    --------
    >>> is_syllable("Nghị"), is_syllable("quyết"), is_syllable("Qu¸n"), is_syllable("chaứo")
    (True, True, False, False)
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


@lru_cache(maxsize=65536)
def _word_score(word: str) -> int:
    if not is_syllable(word):
        return -2
    return 2 if word.lower() in _COMMON else 1


def score(text: str) -> int:
    """Score how Vietnamese *text* looks; higher is better, negative means garbage.

    Pure-ASCII words are neutral: every candidate decoding of a legacy file agrees on
    them, so they cannot tell the candidates apart.

    Examples
    --------
    >>> score("Chỉ thị số 33/CT-TTg") > 0 > score("ChØ thÞ sè 33/CT-TTg")
    True
    """
    total = 0
    for word in _TOKEN.findall(text):
        if not word.isascii():
            total += _word_score(word)
    return total


def sample(text: AnyStr, size: int = 65536) -> AnyStr:
    """Return up to three slices (start, middle, end) of *text* (str or bytes) for quick scoring.

    Judging a 50 MB file by its first 64 KB alone would be fooled by a long ASCII
    preamble; three slices cost the same and see more of the document.
    """
    if len(text) <= 3 * size:
        return text
    mid = len(text) // 2
    newline = "\n" if isinstance(text, str) else b"\n"
    return newline.join((text[:size], text[mid : mid + size], text[-size:]))
