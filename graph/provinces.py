"""The provinces of every era, and the 2025 merger that changed them (DOMAIN.md §8).

Documents keep the province that issued them (a plan of Trà Vinh in 2022 stays a plan of
Trà Vinh); a question is asked on the map in force at a date, where each province holds
the documents of the old provinces it absorbed.  This module holds the merger as data
and answers two questions: which province a name means (any era, any case, with or
without diacritics, "tỉnh Bạc Liêu cũ"), and which province of the map in force at a
date holds a document of a given place.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date

from extract.province_names import HUE_NEW, HUE_OLD, closest_provinces, province_named
from extract.vocab import PROVINCES

from .collation import vi_sort_key
from .exceptions import VbgraphError

#: Nghị quyết 202/2025/QH15: the 34 provincial units in office from this day.
MERGER_DATE = date(2025, 7, 1)
#: Thừa Thiên Huế became the centrally-run city of Huế on this day.
HUE_DATE = date(2025, 1, 1)

#: New province (from MERGER_DATE) → the old provinces merged into it.
MERGED: dict[str, tuple[str, ...]] = {
    "Tuyên Quang": ("Hà Giang", "Tuyên Quang"),
    "Lào Cai": ("Yên Bái", "Lào Cai"),
    "Thái Nguyên": ("Bắc Kạn", "Thái Nguyên"),
    "Phú Thọ": ("Vĩnh Phúc", "Hòa Bình", "Phú Thọ"),
    "Bắc Ninh": ("Bắc Giang", "Bắc Ninh"),
    "Hưng Yên": ("Thái Bình", "Hưng Yên"),
    "Hải Phòng": ("Hải Dương", "Hải Phòng"),
    "Ninh Bình": ("Hà Nam", "Nam Định", "Ninh Bình"),
    "Quảng Trị": ("Quảng Bình", "Quảng Trị"),
    "Đà Nẵng": ("Quảng Nam", "Đà Nẵng"),
    "Quảng Ngãi": ("Kon Tum", "Quảng Ngãi"),
    "Gia Lai": ("Bình Định", "Gia Lai"),
    "Khánh Hòa": ("Ninh Thuận", "Khánh Hòa"),
    "Lâm Đồng": ("Đắk Nông", "Bình Thuận", "Lâm Đồng"),
    "Đắk Lắk": ("Phú Yên", "Đắk Lắk"),
    "Hồ Chí Minh": ("Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"),
    "Đồng Nai": ("Bình Phước", "Đồng Nai"),
    "Tây Ninh": ("Long An", "Tây Ninh"),
    "Cần Thơ": ("Sóc Trăng", "Hậu Giang", "Cần Thơ"),
    "Vĩnh Long": ("Bến Tre", "Trà Vinh", "Vĩnh Long"),
    "Đồng Tháp": ("Tiền Giang", "Đồng Tháp"),
    "Cà Mau": ("Bạc Liêu", "Cà Mau"),
    "An Giang": ("Kiên Giang", "An Giang"),
}
#: Provinces the merger left as they were (Huế under its new name).
UNCHANGED = ("Hà Nội", HUE_NEW, "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
             "Nghệ An", "Hà Tĩnh", "Cao Bằng")


@dataclass(frozen=True)
class ProvinceMap:
    """The provinces in force from a date: each with the pre-2025 provinces it holds.

    Attributes
    ----------
    since : date or None
        First day in force (None: the map of the documents of 2008–2024).
    absorbs : dict
        Province → the provinces of :data:`extract.vocab.PROVINCES` whose documents it
        holds, in Vietnamese order of the province; ``(p,)`` when nothing changed.
    """

    since: date | None
    absorbs: dict[str, tuple[str, ...]]

    @property
    def provinces(self) -> tuple[str, ...]:
        """The provinces, in Vietnamese alphabetical order."""
        return tuple(self.absorbs)

    def former(self, province: str) -> tuple[str, ...]:
        """The old provinces *province* absorbed, or ``()`` when it is one of them unchanged."""
        parts = self.absorbs.get(province, ())
        return () if parts == (province,) else parts

    def row_of(self, place: str | None) -> str | None:
        """The province of this map that holds documents placed in *place* (a
        pre-2025 name or one of this map's), or None when *place* is none of them."""
        return self._rows.get(place) if place else None

    def places_of(self, province: str) -> frozenset[str]:
        """Every place a document can hold that this map's *province* holds: the names of
        the old provinces it absorbed and its own, so that a backend can filter on the
        stored value (``d.place IN $places``).

        Examples
        --------
        >>> sorted(MAP_34.places_of("Vĩnh Long"))
        ['Bến Tre', 'Trà Vinh', 'Vĩnh Long']
        >>> sorted(MAP_34.places_of("Huế")), sorted(MAP_63.places_of("Thừa Thiên Huế"))
        (['Huế', 'Thừa Thiên Huế'], ['Huế', 'Thừa Thiên Huế'])
        """
        return frozenset(p for p, row in self._rows.items() if row == province)

    @cached_property
    def _rows(self) -> dict[str, str]:
        rows = {p: p for p in self.absorbs}
        rows.update({old: p for p, olds in self.absorbs.items() for old in olds})
        if HUE_NEW not in rows:  # a document placed in Huế after its renaming, on an older map
            rows[HUE_NEW] = HUE_OLD
        return rows


def _sorted(absorbs: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {p: tuple(sorted(absorbs[p], key=vi_sort_key)) for p in sorted(absorbs, key=vi_sort_key)}


MAP_63 = ProvinceMap(None, _sorted({p: (p,) for p in PROVINCES}))
MAP_HUE = ProvinceMap(HUE_DATE, _sorted({(HUE_NEW if p == HUE_OLD else p): (p,) for p in PROVINCES}))
MAP_34 = ProvinceMap(MERGER_DATE, _sorted(MERGED | {p: (HUE_OLD if p == HUE_NEW else p,) for p in UNCHANGED}))
#: Every map, oldest first.
MAPS = (MAP_63, MAP_HUE, MAP_34)


def map_at(day: date | None = None) -> ProvinceMap:
    """The map in force on *day* (default: today).

    Examples
    --------
    >>> len(map_at(date(2022, 12, 31)).provinces), len(map_at(date(2025, 7, 1)).provinces)
    (63, 34)
    >>> map_at(date(2026, 1, 1)).row_of("Trà Vinh")
    'Vĩnh Long'
    """
    day = day or date.today()
    return [m for m in MAPS if m.since is None or m.since <= day][-1]


class UnknownProvince(VbgraphError):
    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no province {name!r}{hint}")


def resolve_province(name: str) -> str:
    """The province *name* means, spelled as :data:`extract.vocab.PROVINCES` does.

    Parameters
    ----------
    name : str
        Any era's name in any case, with or without diacritics: "tra vinh", "TRÀ VINH",
        "tỉnh Bạc Liêu cũ", "Huế", "Thành phố Hồ Chí Minh".

    Returns
    -------
    str

    Raises
    ------
    UnknownProvince
        With the closest province names as suggestions.

    Examples
    --------
    >>> resolve_province("tra vinh"), resolve_province("tỉnh Bạc Liêu cũ"), resolve_province("Huế")
    ('Trà Vinh', 'Bạc Liêu', 'Thừa Thiên Huế')
    """
    province = province_named(name)
    if province is None:
        raise UnknownProvince(name, closest_provinces(name))
    return province


def province_row(name: str, province_map: ProvinceMap) -> str:
    """The province of *province_map* that holds the documents of the province *name*
    means (see :func:`resolve_province`).

    Examples
    --------
    >>> province_row("tra vinh", MAP_34), province_row("tra vinh", MAP_63), province_row("Huế", MAP_34)
    ('Vĩnh Long', 'Trà Vinh', 'Huế')
    """
    return province_map.row_of(resolve_province(name))


def province_places(name: str, province_map: ProvinceMap) -> frozenset[str]:
    """The places whose documents the province *name* means holds on *province_map*: a
    new province's name gives the old provinces it absorbed too; an old one, on a map
    after the merger, the province that absorbed it, with its partners.

    Raises
    ------
    UnknownProvince
        With the closest province names as suggestions.

    Examples
    --------
    >>> sorted(province_places("tra vinh", MAP_34)), sorted(province_places("tra vinh", MAP_63))
    (['Bến Tre', 'Trà Vinh', 'Vĩnh Long'], ['Trà Vinh'])
    """
    return province_map.places_of(province_row(name, province_map))
