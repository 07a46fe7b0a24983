"""A synthetic graph shaped like a large corpus, for the overview's tests: many central
documents (more than an overview draws), two of them sharing the number 114-KL/TW, and
provincial documents implementing them, some through a chain of their province."""
from __future__ import annotations

import random

import networkx as nx

from graph.provinces import MAP_63

PROVINCES = MAP_63.provinces


def overview_graph(n: int = 3000, *, central: int = 40, seed: int = 5) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    anchors = []
    for i in range(central):
        year = 2010 + i % 14
        number = "114-KL/TW" if i in (0, 1) else f"{i + 1}-CT/TW" if i % 2 else f"{i + 1}/CT-TTg"
        year = (2015, 2024)[i] if i < 2 else year
        key = f"{number.upper()}@{year}"
        G.add_node(key, number=number, year=year, date=f"{year}-07-14", kind="Kết luận" if i < 2 else "Chỉ thị",
                   level="central_party" if "/TW" in number else "central_state", cited=0)
        anchors.append(key)
    # Most documents go to the first few central documents, as in real corpora.
    weights = [1 / (i + 1) for i in range(central)]
    local = []
    for i in range(n):
        place = rng.choice(PROVINCES[:30])
        key = f"{i}/KH-UBND#{place}@2022"
        G.add_node(key, number=f"{i}/KH-UBND", place=place, level="provincial_state", kind="Kế hoạch",
                   date=f"2022-{rng.randint(1, 12):02d}-01", cited=0)
        same = [k for k in local[-50:] if G.nodes[k]["place"] == place]
        if same and rng.random() < 0.3:
            G.add_edge(key, rng.choice(same), key="implements", relation="implements", evidence=[])
        else:
            G.add_edge(key, rng.choices(anchors, weights)[0], key="implements", relation="implements", evidence=[])
        local.append(key)
    G.add_edge(anchors[min(5, central - 1)], anchors[0], key="implements", relation="implements", evidence=[])
    return G
