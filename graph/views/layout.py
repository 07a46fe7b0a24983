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
