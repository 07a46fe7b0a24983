"""Bad input and failed runs lose nothing: old outputs stay, nothing is skipped in silence."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli

runner = CliRunner()
SEED = "000_d9b3bc226954e46a.txt"


def run(*args, **kw):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False, **kw)


def _corpus(folder: Path, seeds_dir: Path, bad: bytes | None = None) -> Path:
    folder.mkdir()
    shutil.copy(seeds_dir / SEED, folder / SEED)
    if bad is not None:
        (folder / "bad.txt").write_bytes(bad)
    return folder


# A run that fails writes nothing over the old output: (arguments after the command, with
# {bad} a corpus holding one unreadable file and {good} one that reads).
FAILING_RUNS = [
    ("mistyped path", ["build", "{shared}/seedz"], "1 input could not be read"),
    ("a bad file among good ones", ["build", "{bad}"], "1 input could not be read"),
    ("--strict stops at a bad file", ["build", "{bad}", "--strict"], "1 input could not be read"),
    ("a folder with no document", ["build", "{empty}"], "no document to read in"),
    ("extract -o with a bad file", ["extract", "{bad}", "--format", "jsonl"], "1 input could not be read"),
    ("annotate -o with a bad --from corpus", ["annotate", "{good}/" + SEED, "--from", "{bad}"],
     "1 input could not be read"),
]


@pytest.mark.parametrize("args, why", [c[1:] for c in FAILING_RUNS], ids=[c[0] for c in FAILING_RUNS])
def test_a_failed_run_leaves_the_old_output_as_it_was(tmp_path, seeds_dir, args, why):
    good = _corpus(tmp_path / "good", seeds_dir)
    bad = _corpus(tmp_path / "bad", seeds_dir, b"\x00\x01\x02binary")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.odt").write_bytes(b"not a format vbgraph reads")
    out = tmp_path / "out.json"
    out.write_bytes(b"the old output, 50 documents")
    args = [a.format(shared=seeds_dir.parent, bad=bad, good=good, empty=tmp_path / "empty") for a in args]
    r = run(*args, "-o", out)
    assert r.exit_code == 1, r.output
    assert out.read_bytes() == b"the old output, 50 documents"
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error:")]
    assert errors[-1].startswith(f"Error: {out} left as it was: {why}")
    assert "Traceback" not in r.output
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []  # no temporary file left


def test_a_failed_build_writes_no_new_file_but_keeps_what_it_extracted(tmp_path, seeds_dir):
    bad = _corpus(tmp_path / "bad", seeds_dir, b"\x00\x01\x02binary")
    out = tmp_path / "graph.json"
    r = run("build", bad, "-o", out)
    assert r.exit_code == 1 and not out.exists() and f"Error: {out} not written" in r.stderr
    (bad / "bad.txt").unlink()
    r = run("build", bad, "-o", out)
    assert r.exit_code == 0 and "1 from the cache" in r.stderr and out.exists()


def test_an_empty_file_is_a_warning(tmp_path, seeds_dir):
    corpus = _corpus(tmp_path / "c", seeds_dir)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.md").write_bytes(b" \n\t\n")
    r = run("build", corpus, "-o", tmp_path / "graph.json")
    assert r.exit_code == 0, r.output
    assert "Error" not in r.stderr and "blank.md: empty file; skipped" in r.stderr
    assert "empty.txt: empty file; skipped" in r.stderr and "from 1 file\n" in r.stderr


def _as_nobody() -> dict:
    """Run a child as user nobody: root reads any folder whatever its mode."""
    if os.geteuid() != 0:
        return {}
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to make a folder unreadable")
    return {"prefix": ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]}


def test_an_unreadable_folder_is_an_error_not_a_silent_skip(seeds_dir):
    how = _as_nobody()
    # Outside pytest's tmp_path: that is private to its owner, and the child may be nobody.
    top = Path(tempfile.mkdtemp(prefix="vbgraph-unreadable-"))
    try:
        top.chmod(0o755)
        corpus = _corpus(top / "c", seeds_dir)
        corpus.chmod(0o755)
        locked = corpus / "locked"
        locked.mkdir()
        shutil.copy(seeds_dir / "001_5084cfdea2e52c13.txt", locked)
        locked.chmod(0)
        out = top / "graph.json"
        r = subprocess.run([*how.get("prefix", []), sys.executable, "-m", "cli", "build", str(corpus),
                            "-o", str(out), "--no-cache"], capture_output=True, text=True, cwd=top, timeout=120)
        assert r.returncode == 1, r.stderr
        assert f"Error: {locked}: cannot read folder (Permission denied); its files are missing" in r.stderr
        assert not out.exists()
    finally:
        (top / "c" / "locked").chmod(0o755)
        shutil.rmtree(top)


@pytest.mark.parametrize("existing", [None, 0o644, 0o600, 0o664])
def test_outputs_keep_their_mode_or_follow_the_umask(tmp_path, seeds_dir, existing):
    out = tmp_path / "graph.json"
    if existing is not None:
        out.write_text("old")
        out.chmod(existing)
    old_umask = os.umask(0o022)
    try:
        r = run("build", seeds_dir, "-o", out, "--no-cache")
    finally:
        os.umask(old_umask)
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(out.stat().st_mode) == (0o644 if existing is None else existing)


@pytest.mark.parametrize("args", [
    ["build", "{seeds}"],
    ["extract", "{seeds}"],
    ["coverage", "33/CT-TTg", "--from", "{seeds}"],
    ["coverage", "33/CT-TTg", "--from", "{seeds}", "--plot"],
    ["view", "--from", "{seeds}"],
    ["annotate", "{seeds}/" + SEED],
], ids=lambda a: " ".join(a[:1] + [x for x in a if x.startswith("--plot")]))
def test_an_output_in_a_missing_folder_is_refused_and_no_folder_is_made(tmp_path, seeds_dir, args):
    out = tmp_path / "nonexistent" / "dir" / "out.json"
    args = [a.format(seeds=seeds_dir) for a in args]
    r = run(*args, out) if args[-1] == "--plot" else run(*args, "-o", out)
    assert r.exit_code == 1, r.output
    assert r.stderr.strip() == f"Error: {out.parent}: no such folder (create it first)"
    assert not (tmp_path / "nonexistent").exists()
