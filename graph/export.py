"""The graph for the tools researchers already use: GraphML and GEXF (Gephi, Cytoscape,
yEd) and a pair of node and edge CSV files (a spreadsheet, Gephi's spreadsheet import).

Every format carries the same typed attributes: documents with their metadata (``year``
and ``cited`` integers, ``seen`` and ``ambiguous`` booleans, the rest text), edges with
their relation, how many mentions state them and the evidence as text, one line a
mention (``file [start:end] cue: sentence``).  Attributes a document lacks are left out
rather than written empty, so a tool sees "no value", not an empty string.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from .model import label
from .store import atomic_write_text

FORMATS = ("graphml", "gexf", "csv")

#: Node attributes and their types, in the column order of ``nodes.csv``.
NODE_FIELDS: dict[str, type] = {
    "label": str, "number": str, "title": str, "kind": str, "date": str, "year": int, "issuer": str,
    "level": str, "scope": str, "place": str, "subject": str, "seen": bool, "file": str, "cited": int,
    "ambiguous": bool,
}
#: Edge attributes and their types, in the column order of ``edges.csv``.
EDGE_FIELDS: dict[str, type] = {"relation": str, "mentions": int, "files": str, "evidence": str}

#: The files a CSV export writes into its folder.
CSV_FILES = ("nodes.csv", "edges.csv")


def evidence_text(evidence) -> str:
    """An edge's evidence as text: one line a mention, ``file [start:end] cue: sentence``.

    Examples
    --------
    >>> evidence_text([{"file": "003.txt", "span": [10, 19], "cue": "Thực hiện", "sentence": "Thực hiện Chỉ thị 33"}])
    '003.txt [10:19] Thực hiện: Thực hiện Chỉ thị 33'
    """
    return "\n".join(f"{e['file']} [{e['span'][0]}:{e['span'][1]}]" + (f" {e['cue']}" if e.get("cue") else "")
                     + f": {' '.join(e['sentence'].split())}" for e in evidence)


def typed_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of *G* holding only :data:`NODE_FIELDS` and :data:`EDGE_FIELDS`, typed, with
    missing values left out: what every export writes.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("33/CT-TTG@2021", number="33/CT-TTg", year=2021, cited=3, seen=False, place=None)
    >>> G.add_edge("plan", "33/CT-TTG@2021", key="implements", relation="implements", evidence=[])
    'implements'
    >>> typed_graph(G).nodes["33/CT-TTG@2021"]
    {'label': '33/CT-TTg', 'number': '33/CT-TTg', 'year': 2021, 'seen': False, 'cited': 3}
    """
    H = nx.MultiDiGraph()
    for k in sorted(G.nodes):
        n = G.nodes[k] | {"label": label(G, k)}
        H.add_node(k, **{f: t(n[f]) for f, t in NODE_FIELDS.items() if n.get(f) is not None and n.get(f) != ""})
    for u, v, rel, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        ev = d.get("evidence") or []
        H.add_edge(u, v, key=rel, relation=rel, mentions=len(ev),
                   files="; ".join(dict.fromkeys(e["file"] for e in ev)), evidence=evidence_text(ev))
    return H


def write_export(G: nx.MultiDiGraph, path: Path, fmt: str) -> list[Path]:
    """Write *G* as *fmt* (see the module docstring), atomically.

    Parameters
    ----------
    G : MultiDiGraph
        The graph, or the part of it to export (:func:`graph.selection.subgraph`).
    path : Path
        The file to write; for ``csv`` a folder, which receives ``nodes.csv`` (``id`` then
        :data:`NODE_FIELDS`) and ``edges.csv`` (``source, target`` then :data:`EDGE_FIELDS`).
    fmt : {"graphml", "gexf", "csv"}

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph(); G.add_edge("a", "b", key="cites", relation="cites", evidence=[])
    'cites'
    >>> [p.name for p in write_export(G, Path(tempfile.mkdtemp()) / "out", "csv")]
    ['nodes.csv', 'edges.csv']
    """
    if fmt not in FORMATS:
        raise ValueError(f"format is one of {', '.join(FORMATS)}")
    H = typed_graph(G)
    path = Path(path)
    if fmt == "graphml":
        atomic_write_text(path, "\n".join(nx.generate_graphml(H, named_key_ids=True)) + "\n")
        return [path]
    if fmt == "gexf":
        atomic_write_text(path, "\n".join(nx.generate_gexf(H)) + "\n")
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    nodes = [{"id": k} | d for k, d in H.nodes(data=True)]
    edges = [{"source": u, "target": v} | d for u, v, d in H.edges(data=True)]
    written = []
    for name, rows, columns in (("nodes.csv", nodes, ["id", *NODE_FIELDS]),
                                ("edges.csv", edges, ["source", "target", *EDGE_FIELDS])):
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        atomic_write_text(path / name, buf.getvalue())
        written.append(path / name)
    return written
