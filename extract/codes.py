"""What an issuer code says of the body that issued a number: central or local.

"TTg", "BTC", "QH13", "…/TW" are central; "UBND", "HĐND", the Tỉnh ủy's "TU", a Sở's
"S…" ("SNV", "SGDĐT") are local, and their numbers are unique only inside a province.
"""
from __future__ import annotations

from functools import lru_cache

from .vocab import CENTRAL_ISSUERS, LOCAL_ISSUER_SUFFIXES, LOCAL_ISSUERS, fold_code

_LOCAL_SUFFIXES = tuple(fold_code(s) for s in LOCAL_ISSUER_SUFFIXES)


@lru_cache(maxsize=1 << 16)
def code_is_central(code: str) -> bool:
    """Whether an issuer code is a central body's: ``code_is_central("BTC")`` is True."""
    f = fold_code(code)
    return f in CENTRAL_ISSUERS or f.endswith("TW") or f.startswith("UBTVQH") or (
        f.startswith("QH") and f[2:].isdigit())


@lru_cache(maxsize=1 << 16)
def code_is_local(code: str) -> bool:
    """Whether an issuer code is a province's or district's body: "UBND", "TU", "SGDĐT"."""
    f = fold_code(code)
    return f in LOCAL_ISSUERS or f.endswith(_LOCAL_SUFFIXES) or f.startswith("S")


def names_local_body(codes: tuple[str, ...]) -> bool:
    """Whether any of a number's issuer codes is a local body's, and not a central one's.

    Examples
    --------
    >>> names_local_body(("UBND",)), names_local_body(("SGDĐT",)), names_local_body(("BTC",))
    (True, True, False)
    """
    return any(code_is_local(c) and not code_is_central(c) for c in codes)
