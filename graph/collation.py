"""Vietnamese alphabetical order, for lists a person reads (provinces, kinds).

Python sorts by code point, which puts "Đ" after "Z" and "Hồ Chí Minh" wherever its first
accented letter happens to fall.  Vietnamese dictionaries order letters as
``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y`` and compare tones only
when the letters are equal (no tone, grave, hook, tilde, acute, dot below).
"""
from __future__ import annotations

import unicodedata

#: The alphabet, each letter as its NFC form without a tone; Latin letters that Vietnamese
#: does not use (f, j, w, z) sit where English puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
#: Combining tone marks in the dictionaries' order; the vowel marks (breve, circumflex,
#: horn) stay with their letter.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str) -> list[tuple[str, int]]:
    """Each character of *text* (lower case) as its toneless letter and its tone."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFC", text.casefold()):
        parts = unicodedata.normalize("NFD", ch)
        tone = max((_TONES.get(m, 0) for m in parts[1:]), default=0)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        out.append((base, tone))
    return out


def vi_sort_key(text: str) -> tuple:
    """A sort key that puts *text* in Vietnamese alphabetical order.

    Letters first (with ``ă â đ ê ô ơ ư`` as letters of their own), then tones, then the
    text itself so that different spellings never compare equal.

    Parameters
    ----------
    text : str

    Returns
    -------
    tuple

    Examples
    --------
    >>> sorted(["Trà Vinh", "Hồ Chí Minh", "Tiền Giang", "Đà Nẵng", "Điện Biên", "Dak"], key=vi_sort_key)
    ['Dak', 'Đà Nẵng', 'Điện Biên', 'Hồ Chí Minh', 'Tiền Giang', 'Trà Vinh']
    >>> sorted(["Bắc Ninh", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bến Tre"], key=vi_sort_key)
    ['Bà Rịa - Vũng Tàu', 'Bạc Liêu', 'Bắc Ninh', 'Bến Tre']
    """
    letters = _letters(text)
    primary = tuple(_LETTER_RANK.get(b, -1 if not b.isalnum() else len(_ALPHABET) + ord(b[0])) for b, _ in letters)
    return primary, tuple(t for _, t in letters), text
