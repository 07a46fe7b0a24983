"""Search keys for the view's search box: every spelling of a number folds to one string.

The page's JavaScript applies the same rule to what a person types (``fold`` in
``graph/views/assets/view.js``); the two are kept to the few string operations both languages
share, so they cannot drift apart unnoticed (tests/test_browser.py compares them).
"""
from __future__ import annotations

import unicodedata

import regex

# Combining marks in the range JavaScript's /[\u0300-\u036f]/ strips: Vietnamese tones
# and vowel marks all live there, so both sides remove exactly the same characters.
_MARKS = regex.compile(r"[\u0300-\u036f]+")
_NOT_ALNUM = regex.compile(r"[^a-z0-9]+")
# "số 33/CT-TTg": the word "số" (number) before the digits is not part of the number.
_SO_PREFIX = regex.compile(r"^so(?=[0-9])")

#: Node fields whose spellings the search box knows, besides the identity key.
ALIAS_FIELDS = ("number", "title", "file")


def search_fold(text: str) -> str:
    """The search key of *text*: lower case, no tone marks, Đ→d, letters and digits only.

    Separators (``/``, ``-``, en and em dashes, spaces) all vanish, so ``114-KL/TW``,
    ``114 KL/TW`` and ``114–KL/TW`` meet; a leading ``số`` is dropped.

    Parameters
    ----------
    text : str
        A number, a title, an identity key, or what someone typed.

    Returns
    -------
    str
        The key; empty when *text* has no letter or digit.

    Examples
    --------
    >>> search_fold("số 33 / CT – TTg")
    '33ctttg'
    >>> search_fold("05-CTr/BDVTU-BCSĐ") == search_fold("05-ctr/bdvtu-bcsd")
    True
    """
    s = unicodedata.normalize("NFD", text.lower())
    s = _MARKS.sub("", s).replace("đ", "d").replace("ð", "d")
    return _SO_PREFIX.sub("", _NOT_ALNUM.sub("", s))


def search_aliases(key: str, node: dict) -> list[str]:
    """Every search key a node answers to: its identity key, number, title and file, and
    every other spelling it was cited by ("33/TTg" of "33/CT-TTg").

    Parameters
    ----------
    key : str
        The node's identity key.
    node : dict
        The node's attributes in the graph.

    Returns
    -------
    list of str
        Distinct non-empty keys, sorted.

    Examples
    --------
    >>> search_aliases("33/CT-TTG@2021", {"number": "33/CT-TTg"})
    ['33ctttg', '33ctttg2021']
    >>> search_aliases("33/CT-TTG@2021", {"number": "33/CT-TTg", "spellings": ["33/TTg"]})
    ['33ctttg', '33ctttg2021', '33ttg']
    """
    spellings = [key, *(node.get(f) for f in ALIAS_FIELDS), *node.get("spellings", ())]
    return sorted({f for s in spellings if s for f in [search_fold(str(s))] if f})
