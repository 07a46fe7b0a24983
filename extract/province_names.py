"""Which province a name a person types means, in any era's spelling.

Text is read with :func:`extract.find.canonical_province`, which takes a province as the
documents write it (with its diacritics).  People type names otherwise: "tra vinh",
"TRÀ VINH", "tỉnh Bạc Liêu cũ", "Huế", "tp hcm".  This module folds those to one key, for
the ``--province`` of a catalogue here and for every ``--province`` of the queries
(:mod:`graph.provinces`, which adds the 2025 merger).
"""
from __future__ import annotations

import difflib
import unicodedata

import regex

from .vocab import PROVINCE_ALIASES, PROVINCES

#: Thừa Thiên Huế became the centrally-run city of Huế on 2025-01-01; the documents of
#: before are placed in Thừa Thiên Huế.
HUE_OLD, HUE_NEW = "Thừa Thiên Huế", "Huế"

# "tỉnh Bạc Liêu cũ", "Thành phố Hồ Chí Minh", "TP. Cần Thơ": the words around a name.
# Matched once folded, so "Bac Lieu cu" and "tinh Tra Vinh" are read as their diacritics are.
_PREFIX = regex.compile(r"^(?:tinh|thanh\s+pho|tp\.?)\s+")
_SUFFIX = regex.compile(r"\s*\(?\s*cu\s*\)?$")
_MARKS = regex.compile(r"\p{Mn}+")
_SPACES = regex.compile(r"[\s\-\u2013\u2014]+")


def fold_province(name: str) -> str:
    """*name* with case, diacritics, Đ, dashes and the words "tỉnh", "thành phố", "cũ" folded.

    Examples
    --------
    >>> fold_province("tỉnh Bạc Liêu cũ") == fold_province("BAC LIEU")
    True
    >>> fold_province("Bà Rịa–Vũng Tàu"), fold_province("tinh Bac Lieu (cu)")
    ('ba ria vung tau', 'bac lieu')
    """
    s = _MARKS.sub("", unicodedata.normalize("NFD", name.casefold())).replace("đ", "d").replace("ð", "d")
    s = _SPACES.sub(" ", s).strip()
    return _SUFFIX.sub("", _PREFIX.sub("", s))


#: Folded spelling → the province it names, as the documents of 2008–2024 do (Huế is
#: Thừa Thiên Huế there), every era's names and the extractor's aliases included.
_BY_FOLD: dict[str, str] = {fold_province(p): p for p in PROVINCES}
_BY_FOLD.update({fold_province(a): p for a, p in PROVINCE_ALIASES.items()})
_BY_FOLD.setdefault(fold_province(HUE_NEW), HUE_OLD)
#: Short names people type for Hồ Chí Minh city.
_BY_FOLD.update(dict.fromkeys(("hcm", "tphcm", "tp hcm", "sai gon"), "Hồ Chí Minh"))


def province_named(name: str) -> str | None:
    """The province *name* means, spelled as :data:`extract.vocab.PROVINCES` does, or None.

    Parameters
    ----------
    name : str
        Any era's name in any case, with or without diacritics.

    Returns
    -------
    str or None

    Examples
    --------
    >>> province_named("tra vinh"), province_named("tỉnh Bạc Liêu cũ"), province_named("Huế")
    ('Trà Vinh', 'Bạc Liêu', 'Thừa Thiên Huế')
    >>> province_named("Atlantis") is None
    True
    """
    return _BY_FOLD.get(fold_province(name))


def closest_provinces(name: str, n: int = 3) -> list[str]:
    """The *n* province names closest to *name*, as a person looks for them today (Huế
    rather than Thừa Thiên Huế): always some, so an error can offer a list to pick from.

    Examples
    --------
    >>> closest_provinces("Tra Vihn")[0]
    'Trà Vinh'
    """
    close = difflib.get_close_matches(fold_province(name), list(_BY_FOLD), n=n, cutoff=0.0)
    return list(dict.fromkeys(display_name(_BY_FOLD[c]) for c in close))


def display_name(province: str) -> str:
    """The name a person looks for today: Huế rather than Thừa Thiên Huế."""
    return HUE_NEW if province == HUE_OLD else province
