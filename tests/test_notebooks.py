"""The notebooks in notebooks/ run top to bottom on the seeds, and are committed clean.

Each notebook is executed in a real ``python3`` kernel from the notebooks/ folder, the way
Jupyter runs it; a cell that raises fails the test with the cell's traceback.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

#: What each notebook must leave in its output folder.
EXPECTED_OUTPUTS = {
    "researcher.ipynb": ["graph.json", "lineage.html", "citations_per_year.png",
                         "references_per_province.png", "relations.png"],
    "compliance.ipynb": ["graph.json", "coverage.csv", "gaps.csv", "chains.csv", "coverage.png"],
}


def _notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_every_notebook_is_tested():
    assert sorted(p.name for p in _notebooks()) == sorted(EXPECTED_OUTPUTS)


@pytest.mark.parametrize("name", sorted(EXPECTED_OUTPUTS))
def test_notebook_runs_on_the_seeds(name, seeds_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    # The kernel inherits this process's environment.
    monkeypatch.setenv("VBGRAPH_CORPUS", str(seeds_dir))
    monkeypatch.setenv("VBGRAPH_OUT", str(out))
    before = sorted(p.name for p in NOTEBOOKS.iterdir())
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)

    # Plain tracebacks: a failing cell's error reads as text in the pytest report.
    NotebookClient(nb, timeout=120, kernel_name="python3", extra_arguments=["--InteractiveShell.colors=NoColor"],
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()

    missing = [f for f in EXPECTED_OUTPUTS[name] if not (out / f).is_file() or (out / f).stat().st_size == 0]
    assert not missing, f"{name} did not write {missing} into VBGRAPH_OUT"
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before, f"{name} wrote into the repository"
    last = nb.cells[-1]
    assert last.cell_type == "code" and any(o.get("name") == "stdout" and o["text"].startswith("ok: ")
                                            for o in last.outputs), "the final checks cell did not report ok"


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.name)
def test_committed_notebook_has_outputs_stripped(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"
