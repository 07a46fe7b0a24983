"""The part of a graph a view draws or an export writes: around a document, one province
(on the map of provinces of a day), some levels."""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .provinces import ProvinceMap, map_at, province_row


def subgraph(G: nx.MultiDiGraph, *, around: str | None = None, depth: int = 2,
             province: str | None = None, province_map: ProvinceMap | None = None,
             levels: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The part of *G* a view shows or an export writes: the neighbourhood of a document,
    one province with the central documents its documents touch, some levels.

    Parameters
    ----------
    G : MultiDiGraph
    around : str, optional
        Identity key of the centre; edges count in both directions.
    depth : int
        With *around*: hops to include.
    province : str, optional
        Keep this province's documents and the unplaced documents they touch: the province
        of *province_map* that a name of any era means (see
        :func:`graph.provinces.province_row`), with the old provinces it absorbed.
    province_map : ProvinceMap, optional
        Default: the map in force today (:func:`graph.provinces.map_at`).
    levels : iterable of str, optional
        Keep only documents of these levels (``central_party``, ``provincial_state``…).

    Returns
    -------
    MultiDiGraph
        A copy.
    """
    keep = set(G.nodes)
    if around is not None:
        keep = set(nx.single_source_shortest_path_length(G.to_undirected(as_view=True), around, cutoff=depth))
    if province is not None:
        pmap = province_map or map_at()
        row = province_row(province, pmap)
        local = {k for k in keep if pmap.row_of(G.nodes[k].get("place")) == row}
        keep = local | {v for k in local for v in nx.all_neighbors(G, k) if not G.nodes[v].get("place")} & keep
    if levels is not None:
        wanted = set(levels)
        keep = {k for k in keep if G.nodes[k].get("level") in wanted}
    return G.subgraph(keep).copy()
