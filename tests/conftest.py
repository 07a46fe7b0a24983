"""Shared fixtures: the seeds and gold live in ../shared beside the repo, never copied in."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.jsonl"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"{SEEDS} is missing: the tests read the seeds from ../shared")
    return SEEDS


@pytest.fixture(scope="session")
def gold_path() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_corpus(seeds_dir):
    from extract import extract_sources

    return extract_sources([str(seeds_dir)])


@pytest.fixture(scope="session")
def seed_graph(seed_corpus):
    from graph.model import build_graph

    return build_graph(seed_corpus.documents)


@pytest.fixture(scope="session")
def seed_graph_file(seed_graph, tmp_path_factory) -> Path:
    """The seeds' graph as a graph file, for the commands that read one."""
    from graph import store

    path = tmp_path_factory.mktemp("seed-graph") / "graph.json"
    store.save(seed_graph, path)
    return path
