"""The graph file: a documented, versioned JSON format that round-trips.

Format ``vbgraph-graph`` version 1::

    {"format": "vbgraph-graph", "version": 1,
     "files": [{"doc", "path", "sha256", "key", "references"}],
     "nodes": [{"key", "number", "title", "kind", "date", "year", "issuer", "level",
                "scope", "place", "subject", "seen", "file", "cited", "ambiguous"}],
     "edges": [{"source", "target", "relation",
                "evidence": [{"file", "span", "sentence", "cue", "surface"}]}],
     "unresolved": [{"file", "surface", "span", "form"}],
     "incomplete": [{"file", "surface", "why", "span"}]}

Nodes and edges are sorted, so the same corpus always writes the same bytes.  Writes are
atomic (temporary file, then rename): an interrupted write never leaves half a graph.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import networkx as nx

from .exceptions import GraphFileError

FORMAT = "vbgraph-graph"
VERSION = 1


def to_dict(G: nx.MultiDiGraph) -> dict:
    nodes = [dict(G.nodes[k]) for k in sorted(G.nodes)]
    edges = [{"source": u, "target": v, "relation": k, "evidence": d["evidence"]}
             for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))]
    return {"format": FORMAT, "version": VERSION, "files": G.graph.get("files", []), "nodes": nodes,
            "edges": edges, "unresolved": G.graph.get("unresolved", []),
            "incomplete": G.graph.get("incomplete", [])}


def from_dict(data: dict) -> nx.MultiDiGraph:
    if data.get("format") != FORMAT:
        raise GraphFileError("not a vbgraph graph file (no \"format\": \"vbgraph-graph\")")
    if data.get("version") != VERSION:
        raise GraphFileError(f"graph format version {data.get('version')} is not supported (expected {VERSION}); rebuild it")
    G = nx.MultiDiGraph(files=data.get("files", []), unresolved=data.get("unresolved", []),
                        incomplete=data.get("incomplete", []))
    for n in data["nodes"]:
        G.add_node(n["key"], **n)
    for e in data["edges"]:
        G.add_edge(e["source"], e["target"], key=e["relation"], relation=e["relation"], evidence=e["evidence"])
    return G


def atomic_write_text(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(G: nx.MultiDiGraph, path: Path) -> None:
    atomic_write_text(Path(path), json.dumps(to_dict(G), ensure_ascii=False, separators=(",", ":")))


def load(path: Path) -> nx.MultiDiGraph:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no graph file (run `vbgraph build PATH -o {path}` or pass --from PATH)") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GraphFileError(f"{path}: cannot read graph file: {err}") from err
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise GraphFileError(f"{path}: not valid JSON ({err.msg} at line {err.lineno})") from err
    if not isinstance(data, dict):
        raise GraphFileError(f"{path}: not a vbgraph graph file")
    try:
        return from_dict(data)
    except GraphFileError as err:
        raise GraphFileError(f"{path}: {err}") from None
    except (KeyError, TypeError) as err:
        raise GraphFileError(f"{path}: malformed graph file (missing {err})") from err
