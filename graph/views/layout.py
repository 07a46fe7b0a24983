"""Fixed positions for the lineage view: central documents on top, district at the bottom,
each level a band of rows ordered by date from left to right.

Positions are computed here rather than by vis-network's hierarchical layout because that
layout orders a level by edges, not by date, and moves when the graph changes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from ..model import label

#: Bands from top to bottom; a level outside this list joins the last (unknown) band.
TIERS = ("central_party", "central_state", "provincial_party", "provincial_state", "district", None)


@dataclass(frozen=True)
class Band:
    """One level's rows: ``level`` (None: unknown), ``y`` of its first row, ``rows``."""
    level: str | None
    y: float
    rows: int


def _tier(level: str | None) -> str | None:
    return level if level in TIERS else None


def hierarchical_positions(G: nx.MultiDiGraph, *, per_row: int | None = None, dx: float = 190.0,
                           dy: float = 90.0, gap: float = 110.0
                           ) -> tuple[dict[str, tuple[float, float]], list[Band]]:
    """Where each document sits in the lineage view.

    Parameters
    ----------
    G : MultiDiGraph
        The graph drawn.
    per_row : int, optional
        Documents in one row; a crowded level wraps onto more rows, still in date order.
        Default: enough for the whole drawing to be about as wide as it is tall,
        ``√(n·dy/dx)`` for *n* documents, and at least 10.
    dx, dy : float
        Horizontal distance between neighbours; vertical distance between rows of a band.
    gap : float
        Extra vertical space between two bands.

    Returns
    -------
    positions : dict
        Identity key → ``(x, y)``; each row is centred on ``x = 0``, every other
        document in it a third of a row lower.
    bands : list of Band
        The non-empty levels, top to bottom.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", level="provincial_state", date="2022-01-01")
    >>> G.add_node("b", level="central_state", date="2021-11-26")
    >>> G.add_node("c", level="provincial_state", date="2021-05-01")
    >>> pos, bands = hierarchical_positions(G)
    >>> pos["b"][1] < pos["a"][1], pos["c"][0] < pos["a"][0]
    (True, True)
    >>> [b.level for b in bands]
    ['central_state', 'provincial_state']
    """
    if per_row is None:
        per_row = max(10, math.ceil(math.sqrt(G.number_of_nodes() * dy / dx)))
    members: dict[str | None, list[str]] = {t: [] for t in TIERS}
    for key, n in G.nodes(data=True):
        members[_tier(n.get("level"))].append(key)
    positions: dict[str, tuple[float, float]] = {}
    bands: list[Band] = []
    y = 0.0
    for tier in TIERS:
        # Undated documents go after the dated ones; ties break on what the reader sees.
        keys = sorted(members[tier], key=lambda k: (G.nodes[k].get("date") or "~", label(G, k), k))
        if not keys:
            continue
        rows = (len(keys) + per_row - 1) // per_row
        bands.append(Band(tier, y, rows))
        for r in range(rows):
            row = keys[r * per_row:(r + 1) * per_row]
            for i, k in enumerate(row):
                # Every other document a little lower, so long numbers side by side do not
                # write their labels over each other.
                positions[k] = ((i - (len(row) - 1) / 2) * dx, y + r * dy + (i % 2) * dy / 3)
        y += rows * dy + gap
    return positions, bands


def grid_offsets(n: int, *, columns: int, dx: float, dy: float) -> list[tuple[float, float]]:
    """Positions of *n* items in rows of *columns*, each row centred on ``x = 0``, the first
    at ``y = 0``.

    Examples
    --------
    >>> grid_offsets(3, columns=2, dx=10, dy=5)
    [(-5.0, 0.0), (5.0, 0.0), (0.0, 5.0)]
    """
    out = []
    for i in range(n):
        row, col = divmod(i, columns)
        in_row = min(columns, n - row * columns)
        out.append(((col - (in_row - 1) / 2) * dx, float(row * dy)))
    return out


def tile_origins(n: int, *, width: float, height: float, aspect: float = 1.3) -> list[tuple[float, float]]:
    """Where each of *n* tiles of an overview starts, row by row, left to right: about
    *aspect* times as wide as tall, as a window is.

    Examples
    --------
    >>> tile_origins(4, width=100, height=50)
    [(-50.0, 0.0), (50.0, 0.0), (-50.0, 50.0), (50.0, 50.0)]
    """
    columns = max(1, min(n, round(math.sqrt(n * height * aspect / width))))
    return grid_offsets(n, columns=columns, dx=width, dy=height)


def depth_rows(depths: list[int], *, columns: int, dx: float, dy: float, gap: float,
               upward: bool = False) -> list[tuple[float, float]]:
    """Positions of documents by their depth below (or, *upward*, above) a root at the
    origin: one band of rows per depth, in the given order, each band wrapped at
    *columns*, every other document a third of a row lower so long labels do not meet.

    Examples
    --------
    >>> depth_rows([1, 1, 2], columns=4, dx=100, dy=60, gap=40)
    [(-50.0, 100.0), (50.0, 120.0), (0.0, 200.0)]
    >>> depth_rows([1], columns=4, dx=100, dy=60, gap=40, upward=True)
    [(0.0, -100.0)]
    """
    by_depth: dict[int, list[int]] = {}
    for i, d in enumerate(depths):
        by_depth.setdefault(d, []).append(i)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(depths)
    y = 0.0
    for d in sorted(by_depth):
        items = by_depth[d]
        y += dy + gap
        offsets = grid_offsets(len(items), columns=columns, dx=dx, dy=dy)
        for i, (x, oy) in zip(items, offsets):
            col = round(x / dx + (min(columns, len(items)) - 1) / 2)
            below = y + oy + (col % 2) * dy / 3
            out[i] = (x, -below if upward else below)
        y += offsets[-1][1] if offsets else 0.0
    return out
