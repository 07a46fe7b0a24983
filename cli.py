"""vbgraph's command line: a thin typer front over :mod:`extract` and :mod:`graph`.

Every listing command takes ``--format table|json|csv``; domain errors are one
``Error: …`` line on stderr with exit code 1; usage errors exit with 2.
"""
from __future__ import annotations

import atexit
import contextlib
import csv
import functools
import inspect
import io
import json
import re
import resource
import sqlite3
import sys
import time
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, get_args

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

try:  # typer 0.26 and later carry their own copy of click
    from typer._click import ClickException
except ImportError:
    from click import ClickException

from extract import document_record, extract_text
from extract.cache import ExtractionCache
from extract.catalogue import ROLES, CatalogueOptions, province_option
from extract.corpus import MIN_BYTES_PER_JOB, MIN_FILES_PER_JOB, WorkerDied, extract_files
from extract.evaluate import evaluate
from extract.models import Level as DocumentLevel
from extract.output import FLAT_COLUMNS, flat_rows
from extract.resolve import Resolver
from extract.sources import iter_files, read_source
from graph import checks, incremental, queries, store
from graph.neo4j import queries as neo4j_queries
from graph.store import row_sources
from graph.views.annotate import annotated_html, annotations, resolve_against
from graph.collation import vi_sort_key
from graph.views.coverage_report import coverage_heatmap, coverage_html, coverage_title, plural
from graph.views.coverage_report import flat_rows as coverage_flat_rows
from graph.exceptions import VbgraphError
from graph.views.messages import DEFAULT_LANG, LANGS, text
from graph.export import FORMATS as EXPORT_FORMATS
from graph.export import write_export
from graph.model import LINEAGE_RELATIONS, build_graph, paused_gc
from graph.append import append_documents
from graph.neo4j.bulk import bulk_load
from graph.neo4j.cli import DataDirOpt, neo4j_app
from graph.neo4j.io import Neo4jGraph, Neo4jSettings, connect, load_graph
from graph.neo4j.io import wipe as wipe_graph
from graph.provinces import ProvinceMap, map_at, resolve_province
from graph.selection import subgraph


class _OneLineErrors(TyperGroup):
    """Usage errors as one ``Error: …`` line on stderr, exit 2, as every other error is
    (typer's default is a box of a dozen lines)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except ClickException as err:
            ctx = getattr(err, "ctx", None)  # a usage error knows its command
            hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            err_console.print(f"[bold red]Error:[/] {err.format_message()}{hint}", highlight=False, soft_wrap=True)
            sys.exit(err.exit_code)
        except typer.Abort:
            err_console.print("[bold red]Error:[/] aborted", highlight=False)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich", cls=_OneLineErrors,
                  help="Citation knowledge graph of Vietnamese party and state documents.")
app.add_typer(neo4j_app, name="neo4j", help="Install, start, stop a local Neo4j server.")

err_console = Console(stderr=True)

#: Width of tables written to a pipe or file, where there is no terminal to fit.
PIPE_WIDTH = 220

#: The cache folder `build` uses beside its graph file unless told otherwise.
CACHE_DIR = ".vbgraph-cache"


class Fmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExtractFmt(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"


class Relation(str, Enum):
    based_on = "based_on"
    implements = "implements"
    guides = "guides"
    amends = "amends"
    replaces = "replaces"
    repeals = "repeals"
    reports_on = "reports_on"
    cites = "cites"


Lang = Enum("Lang", {code: code for code in LANGS}, type=str)
LangOpt = Annotated[Lang, typer.Option("--lang", envvar="VBGRAPH_LANG",
                                       help="Language of the page's words: vi (Vietnamese) or en (English).")]
FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")]
GraphOpt = Annotated[Path, typer.Option("--graph", "-g", envvar="VBGRAPH_GRAPH",
                                        help="Graph file written by `vbgraph build`.")]
FromOpt = Annotated[list[str] | None, typer.Option("--from", help="Build the graph on the fly from these files/folders.")]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", help="Decode text files with this encoding instead of detecting it.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Stop at the first file that cannot be read.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Processes that read and extract files; 0: one per core. "
                                      f"Inputs of fewer than {MIN_FILES_PER_JOB} files or {MIN_BYTES_PER_JOB // 1_000_000} MB per process use fewer.")]
ColumnOpt = Annotated[list[str] | None, typer.Option(
    "--column", "-c", metavar="ROLE=HEADER",
    help=f"In catalogues (.csv .tsv .jsonl .json .xlsx), the column that holds ROLE, one of {', '.join(ROLES)} "
         "(repeatable); others are recognised by their headers.")]
ProvinceOpt = Annotated[str | None, typer.Option(
    "--province", help="The province of catalogue rows that do not say theirs (e.g. \"Bình Dương\").")]
Neo4jOpt = Annotated[bool, typer.Option("--neo4j", help="Answer from Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) instead of the graph file.")]
UriOpt = Annotated[str | None, typer.Option("--uri", envvar="NEO4J_URI", help="Neo4j address (default bolt://127.0.0.1:7687).")]
UserOpt = Annotated[str | None, typer.Option("--user", envvar=["NEO4J_USER", "NEO4J_USERNAME"], help="Neo4j user (default neo4j).")]
PasswordOpt = Annotated[str | None, typer.Option("--password", envvar="NEO4J_PASSWORD", show_envvar=True,
                                                 help="Neo4j password (default: the one `vbgraph neo4j start` stored).")]
DatabaseOpt = Annotated[str | None, typer.Option("--database", envvar="NEO4J_DATABASE", help="Neo4j database (default neo4j).")]
AsOfOpt = Annotated[datetime | None, typer.Option(
    "--as-of", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
    help="Provinces as they stand on this day (default: today: the 34 since July 2025; 2022-12-31: the 63).")]


def neo4j_options(command):
    """Give a query command ``--uri/--user/--password/--database`` beside its ``--neo4j``.

    The command is called with ``neo4j`` set to the connection settings when ``--neo4j``
    is on, else None; a connection option without ``--neo4j`` is a usage error.
    """
    signature = inspect.signature(command, eval_str=True)
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=opt)
             for name, opt in (("uri", UriOpt), ("user", UserOpt), ("password", PasswordOpt), ("database", DatabaseOpt))]
    extra.append(inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context))

    @functools.wraps(command)
    def wrapper(*args, ctx: typer.Context, uri=None, user=None, password=None, database=None, **kwargs):
        given = [f"--{name}" for name in ("uri", "user", "password", "database")
                 if getattr(ctx.get_parameter_source(name), "name", None) == "COMMANDLINE"]
        if given and not kwargs["neo4j"]:
            fail(f"{', '.join(given)} {'applies' if len(given) == 1 else 'apply'} only with --neo4j", 2)
        kwargs["neo4j"] = Neo4jSettings.from_env(uri=uri, user=user, password=password, database=database) \
            if kwargs["neo4j"] else None
        return command(*args, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])
    return wrapper

#: Rows a table shows unless told otherwise (json and csv give every row by default).
TABLE_LIMIT = 1000
LimitOpt = Annotated[int | None, typer.Option(
    "--limit", min=0, help=f"Rows to give (default {TABLE_LIMIT:,} for a table, all for json and csv; 0: all).")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Rows to skip first (the next page starts where the note on stderr says).")]


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _check_output(*paths: Path | None) -> None:
    """Fail before any work if an output's folder is missing (it is never created)."""
    for path in paths:
        if path is not None:
            try:
                store.check_output(path)
            except VbgraphError as err:
                fail(str(err))


def _write(path: Path, text: str) -> None:
    try:
        store.atomic_write_text(path, text)
    except VbgraphError as err:
        fail(str(err))


def _not_written(output: Path, errors: list[str]) -> None:
    """End a run that could not read every input: *output* is left as it was."""
    n = len(errors)
    old = "left as it was" if output.exists() else "not written"
    fail(f"{output} {old}: {n} input{'s' if n != 1 else ''} could not be read (named above); "
         "fix or remove them and run again")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return " → ".join(map(str, v)) if v and isinstance(v[0], str) else "; ".join(
            (x.get("label", "") + (f" ({x['date']})" if x.get("date") else "")) if isinstance(x, dict) else str(x)
            for x in v)
    return str(v)


def _limit(limit: int | None, fmt) -> int | None:
    """The rows to give: --limit, else TABLE_LIMIT for a table and all otherwise; 0 is all."""
    if limit is None:
        return TABLE_LIMIT if fmt.value == "table" else None
    return limit or None


def _note_more(page: queries.Page, what: str = "rows") -> None:
    """Say on stderr, when a page is not the whole listing, which rows it holds and how to see more."""
    if page.more <= 0 and page.offset == 0:
        return
    last = page.offset + len(page)
    note = (f"{what} {page.offset + 1:,}–{last:,} of {page.total:,} shown" if page
            else f"no {what} after the first {page.offset:,} (of {page.total:,})")
    if page.more > 0:
        note += f"; {page.more:,} more: --offset {last} for the next page, --limit 0 for all"
    err_console.print(note, highlight=False, soft_wrap=True)


def _write_json(rows) -> None:
    """*rows* on stdout as indented JSON and a newline, as ``json.dumps(rows,
    ensure_ascii=False, indent=2)`` writes them (an indent sends json to its pure-Python
    encoder: 5 s for the 100,000 rows of a check), by orjson, as UTF-8 bytes straight to
    stdout's buffer where it has one; json itself for what orjson does not take (integers
    past 64 bits).  (A float under 1e-4 reads 0.00001 where json writes 1e-05: the same
    number.)"""
    try:
        data = orjson.dumps(rows, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a StringIO, for -o
        sys.stdout.write(data.decode())
    else:
        sys.stdout.flush()
        out.write(data)


def emit(rows: list[dict], fmt: Fmt, columns: list[str] | tuple[str, ...] | None = None, *, title: str | None = None) -> None:
    """Print rows in one place for every command: a rich table, JSON, or CSV."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == Fmt.json:
        _write_json(rows)
    elif fmt == Fmt.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        # The csv module writes None as "" and anything else as str() does, as _cell
        # would: only lists need _cell (a check writes a hundred thousand rows).
        w.writerows([[v if (v := r.get(c)).__class__ is not list else _cell(v) for c in columns] for r in rows])
        sys.stdout.write(buf.getvalue())
    else:
        t = Table(title=title, show_lines=False)
        for c in columns:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*(_cell(r.get(c)) for c in columns))
        Console(width=None if sys.stdout.isatty() else PIPE_WIDTH).print(t)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True, disable=not err_console.is_terminal)


def _catalogue(columns: list[str] | None, province: str | None) -> CatalogueOptions:
    """The catalogue options from ``--column ROLE=HEADER`` and ``--province``; usage errors exit 2."""
    named = {}
    for c in columns or []:
        role, sep, header = c.partition("=")
        role = role.strip().lower()
        if not sep or role not in ROLES or not header.strip():
            fail(f"--column {c!r}: expected ROLE=HEADER with ROLE one of {', '.join(ROLES)}", 2)
        named[role] = header.strip()
    try:
        return CatalogueOptions(named, province_option(province))
    except ValueError as err:
        fail(f"--province: {err}", 2)


def _extract(paths: list[str], encoding: str | None, strict: bool = False, jobs: int = 0,
             cache: Path | None = None, catalogue: CatalogueOptions | None = None, *,
             files: list | None = None, errors: list[str] | None = None, resolver=None):
    """Extract *paths* (or the ``(name, path)`` *files* walked from them, with the walk's
    *errors*) with a progress bar, print warnings and per-file errors, return the result."""
    cache_db = None
    if cache is not None:
        try:
            cache_db = ExtractionCache(cache)
        except (OSError, sqlite3.Error) as err:
            err_console.print(f"[yellow]Warning:[/] {cache}: cannot use as a cache folder ({err}); extracting every file",
                              highlight=False, soft_wrap=True)
    try:
        with _progress() as bar:
            task = bar.add_task("reading", total=None)
            if files is None:
                errors = []
                files = list(iter_files(paths, errors))
            result = extract_files(files, errors, encoding=encoding, strict=strict, jobs=jobs, cache=cache_db,
                                   catalogue=catalogue, resolver=resolver,
                                   progress=lambda name: bar.update(task, advance=1, description=name[-40:]))
    except WorkerDied as err:
        err_console.print(f"[bold red]Error:[/] {err}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        if cache_db is not None:
            cache_db.close()
    for w in (cache_db.warnings if cache_db is not None else []) + result.warnings:
        err_console.print(f"[yellow]Warning:[/] {w}", highlight=False, soft_wrap=True)
    for e in result.bad_rows + result.errors:
        err_console.print(f"[bold red]Error:[/] {e}", highlight=False, soft_wrap=True)
    return result


def _blocking(result, strict: bool) -> list[str]:
    """What keeps a run from writing its output: a file that could not be read (its
    documents would be lost from the output); a catalogue row that is no document only
    with --strict (the file's other rows are all there)."""
    return result.errors + (result.bad_rows if strict else [])


def _neo4j(settings: Neo4jSettings | None = None) -> Neo4jGraph:
    try:
        db = connect(settings or Neo4jSettings.from_env())
    except VbgraphError as err:
        fail(str(err))
    atexit.register(db.close)
    return db


class _Neo4jQueries:
    """:mod:`graph.neo4j.queries`, its errors (a server gone mid-command) ending as `Error: …`."""

    def __getattr__(self, name):
        def call(*args, **kwargs):
            try:
                return getattr(neo4j_queries, name)(*args, **kwargs)
            except VbgraphError as err:
                fail(str(err))
        return call


def _q(G):
    """The query module that answers on *G*: networkx's or Neo4j's (same functions, same rows)."""
    return _Neo4jQueries() if isinstance(G, Neo4jGraph) else queries


def _graph(graph: Path, sources: list[str] | None, encoding: str | None = None,
           neo4j: Neo4jSettings | None = None):
    if neo4j is not None:
        return _neo4j(neo4j)
    try:
        if sources:
            return build_graph(_extract(sources, encoding).documents)
        return store.load(graph)
    except VbgraphError as err:
        fail(str(err))


def _with_sources(G, rows: list[dict]) -> list[str]:
    """Give each row (a document, by its ``key``) its ``source`` when some of them come
    from a catalogue: where a person reads the document, its row's link, else its file.
    Returns the column added: ``[]`` when no row has a link (a graph of files answers as
    before) and from Neo4j, which does not hold the links."""
    if isinstance(G, Neo4jGraph):
        return []
    nodes = [G.nodes[r["key"]] for r in rows]
    if not any(n.get("url") for n in nodes):
        return []
    for r, n in zip(rows, nodes):
        r["source"] = n.get("url") or n.get("file")
    return ["source"]


def _node(G, query: str) -> str:
    try:
        return _q(G).find_node(G, query)
    except VbgraphError as err:
        fail(str(err))


def _province(name: str) -> str:
    """The province *name* means, in any era's spelling (see :func:`graph.provinces.resolve_province`)."""
    try:
        return resolve_province(name)
    except VbgraphError as err:
        fail(str(err))


def _province_rows(names: list[str], pmap: ProvinceMap) -> list[str]:
    """The rows of *pmap* that *names* ask for, saying where an old province went."""
    rows = []
    for name in names:
        province = _province(name)
        row = pmap.row_of(province)
        if row != province and len(pmap.former(row)) > 1:
            others = ", ".join(p for p in pmap.former(row) if p != province)
            err_console.print(f"{province}: part of {row} since {pmap.since.isoformat()}, with {others}; "
                              f"--as-of {date.fromordinal(pmap.since.toordinal() - 1)} for {province} alone",
                              highlight=False, soft_wrap=True)
        rows.append(row)
    return list(dict.fromkeys(rows))


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")],
    fmt: Annotated[ExtractFmt, typer.Option("--format", "-f")] = ExtractFmt.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    evidence: Annotated[bool, typer.Option(help="Include every mention's span, sentence and cue.")] = True,
    encoding: EncodingOpt = None,
    strict: StrictOpt = False,
    jobs: JobsOpt = 0,
    cache: Annotated[Path | None, typer.Option("--cache", help="Reuse per-file results stored in this folder (see build).")] = None,
    column: ColumnOpt = None,
    province: ProvinceOpt = None,
):
    """Extract every reference from documents, and from the rows of catalogues.

    Example: [bold]vbgraph extract ../shared/seeds --format jsonl -o refs.jsonl[/]

    Exit code 0 when every file (and row) was read, 1 when some could not be (each named on stderr).
    """
    _check_output(output)
    result = _extract(paths, encoding, strict, jobs, cache, _catalogue(column, province))
    if output and _blocking(result, strict):
        _not_written(output, _blocking(result, strict))
    if fmt in (ExtractFmt.jsonl, ExtractFmt.json):
        records = [document_record(d, evidence=evidence) for d in result.documents]
        text = ("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) if fmt == ExtractFmt.jsonl
                else json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        if output:
            _write(output, text)
        else:
            sys.stdout.write(text)
    else:
        rows = [r for d in result.documents for r in flat_rows(d)]
        if output:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=FLAT_COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
            _write(output, buf.getvalue())
        else:
            emit(rows, Fmt(fmt.value), FLAT_COLUMNS)
    if result.errors or result.bad_rows:
        raise typer.Exit(1)


@app.command()
def build(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to read.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Graph file to write.")] = Path("graph.json"),
    encoding: EncodingOpt = None,
    strict: StrictOpt = False,
    jobs: JobsOpt = 0,
    cache: Annotated[Path | None, typer.Option(
        "--cache", help=f"Folder of per-file results keyed by content (default: {CACHE_DIR} beside the graph file).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Extract every file afresh and store nothing.")] = False,
    timings: Annotated[bool, typer.Option("--timings", help="Print each stage's seconds and the peak memory.")] = False,
    column: ColumnOpt = None,
    province: ProvinceOpt = None,
):
    """Build the citation graph and write it to a graph file.

    Files whose bytes were extracted before (by the same extractor, with the same
    --encoding) are taken from the cache, so adding files to a corpus extracts only those.
    A catalogue (.csv .tsv .jsonl .json .xlsx) is a document a row.

    Example: [bold]vbgraph build ../shared/seeds -o graph.json --jobs 2[/]
    """
    started, started_ns = time.perf_counter(), time.time_ns()
    _check_output(output)
    cache_dir = None if no_cache else (cache or output.parent / CACHE_DIR)
    errors: list[str] = []
    files = list(iter_files(paths, errors))
    settings = incremental.settings_of(paths, encoding) if cache_dir and incremental.takes_state(files) else None
    state_file = incremental.state_path(cache_dir, output) if settings else None
    t = time.perf_counter()
    state = incremental.load_state(state_file, settings, output) if state_file and not errors else None
    reused = incremental.unchanged_prefix(state, files, encoding) if state else 0
    load_seconds = time.perf_counter() - t
    if reused:
        # Only the files after those of the last build are read; a full build when they
        # change how an old file resolves (graph.incremental).
        resolver = incremental.resumed_resolver(state)
        result = _extract(paths, encoding, strict, jobs, cache_dir, _catalogue(column, province),
                          files=files[reused:], resolver=resolver)
        if _blocking(result, strict):
            _not_written(output, _blocking(result, strict))
        if not resolver.corpus.changes_resolved():
            for rec in state.files:
                for w in rec.warnings:
                    err_console.print(f"[yellow]Warning:[/] {w}", highlight=False, soft_wrap=True)
            result.files[:0] = state.files
        else:
            reused = 0
    if not reused:
        resolver = Resolver()
        result = _extract(paths, encoding, strict, jobs, cache_dir, _catalogue(column, province),
                          files=files, errors=errors, resolver=resolver)
    if _blocking(result, strict):
        # What was extracted stays in the cache: the run after the fix reads only the rest.
        _not_written(output, _blocking(result, strict))
    documents = sum(len(rec.documents) for rec in state.files) if reused else 0
    if not result.documents and not documents:
        fail(f"{output} {'left as it was' if output.exists() else 'not written'}: no document to read in "
             f"{', '.join(paths)} (.txt, .md, .docx, .pdf, .html files and .csv, .tsv, .jsonl, .json, .xlsx "
             "catalogues; folders searched recursively)")
    files_read = documents + len(result.documents)
    t = time.perf_counter()
    try:
        if reused:
            layout, nodes, edges = append_documents(output, state.layout, result.documents, output)
            resolve_seconds = result.documents.seconds
            graph_seconds, save_seconds = 0.0, time.perf_counter() - t - resolve_seconds
        else:
            G = build_graph(result.documents)
            resolve_seconds = result.documents.seconds
            graph_seconds = time.perf_counter() - t - resolve_seconds
            nodes, edges = G.number_of_nodes(), G.number_of_edges()
            result.documents = []  # the corpus's blobs: saving does not need them, and they are big
            t = time.perf_counter()
            layout = store.save(G, output)
            save_seconds = time.perf_counter() - t
    except VbgraphError as err:
        fail(str(err))
    if state_file is not None:
        warning = incremental.write_state(state_file, settings, started_ns, result.files, resolver.corpus, output,
                                          layout)
        if warning:
            err_console.print(f"[yellow]Warning:[/] {warning}", highlight=False, soft_wrap=True)
    elif cache_dir is not None and settings is None and incremental.settings_of(paths, encoding):
        incremental.forget_state(incremental.state_path(cache_dir, output))
    cached = f", {result.cache.hits} from the cache" if result.cache.hits else ""
    unchanged = f", {reused} unchanged since the last build" if reused else ""
    err_console.print(f"{output}: {plural(nodes, 'document')}, {plural(edges, 'edge')} "
                      f"from {_inputs(files_read, result.rows)}{cached}{unchanged}", highlight=False)
    if timings:
        err_console.print(
            f"timings: load={load_seconds:.2f}s extract={result.seconds:.2f}s resolve={resolve_seconds:.2f}s "
            f"graph={graph_seconds:.2f}s save={save_seconds:.2f}s total={time.perf_counter() - started:.2f}s "
            f"cache_hits={result.cache.hits} cache_misses={result.cache.misses} reused={reused} "
            f"peak_rss_mb={_peak_rss_mb():.0f} workers_peak_rss_mb={_peak_rss_mb(children=True):.0f}",
            highlight=False, soft_wrap=True)
    if result.bad_rows:
        raise typer.Exit(1)  # the graph holds every other row; the bad ones are named above


def _inputs(documents: int, rows: int) -> str:
    """"5 files", "4053 catalogue rows", or both: what a build read."""
    parts = [plural(documents - rows, "file")] if documents > rows or not rows else []
    return " and ".join(parts + ([plural(rows, "catalogue row")] if rows else []))


def _peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or of its largest finished child), in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF).ru_maxrss / 1024


@app.command()
@neo4j_options
def show(number: str, graph: GraphOpt = Path("graph.json"), sources: FromOpt = None, fmt: FormatOpt = Fmt.table,
         neo4j: Neo4jOpt = False, limit: LimitOpt = None, offset: OffsetOpt = 0):
    """A document: its metadata, every mention of it with evidence, its edges in and out.

    --limit and --offset page each list (edges out, edges in, mentions).

    Example: [bold]vbgraph show 33/CT-TTg[/]  (any spelling: 33/ct-ttg works too)
    """
    G = _graph(graph, sources, neo4j=neo4j)
    info = _q(G).show(G, _node(G, number))
    _with_sources(G, [info["document"]])
    if not isinstance(G, Neo4jGraph):
        rows = row_sources(G.graph["files"])
        for m in info["mentions"]:
            m |= rows.get(m["file"], {})
    for part, what in (("out", "edges out"), ("in", "edges in"), ("mentions", "mentions")):
        info[part] = queries.paged(info[part], _limit(limit, fmt), offset)
        _note_more(info[part], what)
    if fmt == Fmt.json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == Fmt.csv:
        # A span as start:end, as the Neo4j evidence writes it: "1297; 1358" read as two numbers.
        emit([m | {"span": "{}:{}".format(*m["span"])} for m in info["mentions"]], fmt,
             ["file", "span", "relation", "citing", "cue", "surface", "sentence", "url"])
        return
    emit([{"field": k, "value": v} for k, v in info["document"].items() if v not in (None, "")], fmt, title="document")
    emit(info["out"], fmt, ["relation", "label", "key", "evidence"], title="rests on (out)")
    emit(info["in"], fmt, ["relation", "label", "key", "evidence"], title="cited by (in)")
    emit(info["mentions"], fmt, ["file", "relation", "citing", "surface", "sentence", "url"], title="mentions")


def _relations(relation: list[Relation] | None) -> tuple[str, ...]:
    return tuple(r.value for r in relation) if relation else LINEAGE_RELATIONS


RelationOpt = Annotated[list[Relation] | None, typer.Option("--relation", "-r", help="Relations to follow (repeatable); default implements, based_on, guides.")]


@app.command()
@neo4j_options
def trace(
    number: str,
    up: Annotated[bool, typer.Option("--up/--down", help="Up: what it rests on. Down: what implements it.")] = True,
    depth: Annotated[int | None, typer.Option(min=1)] = None,
    relation: RelationOpt = None,
    graph: GraphOpt = Path("graph.json"), sources: FromOpt = None, fmt: FormatOpt = Fmt.table, neo4j: Neo4jOpt = False,
    limit: LimitOpt = None, offset: OffsetOpt = 0,
):
    """The lineage tree of a document, up to central documents or down to implementers.

    Example: [bold]vbgraph trace 114-KL/TW --down --depth 2[/]
    """
    G = _graph(graph, sources, neo4j=neo4j)
    rows = _q(G).trace(G, _node(G, number), direction="up" if up else "down", depth=depth,
                         relations=_relations(relation), limit=_limit(limit, fmt), offset=offset)
    _note_more(rows, "documents")
    source = _with_sources(G, rows)
    if fmt == Fmt.table:
        for r in rows:
            r["document"] = "  " * r["depth"] + r["label"]
        emit(rows, fmt, ["document", "relation", "kind", "level", "place", "date", *source])
    else:
        emit(rows, fmt)


@app.command()
@neo4j_options
def implementers(
    number: str,
    province: Annotated[str | None, typer.Option(help="Only documents issued in this province (any spelling: \"tra vinh\").")] = None,
    level: Annotated[str | None, typer.Option(help="Only this level, e.g. provincial_state.")] = None,
    relation: RelationOpt = None,
    graph: GraphOpt = Path("graph.json"), sources: FromOpt = None, fmt: FormatOpt = Fmt.table, neo4j: Neo4jOpt = False,
    limit: LimitOpt = None, offset: OffsetOpt = 0,
):
    """Documents that implement a directive, with the chain that links them.

    Example: [bold]vbgraph implementers 33/CT-TTg --province "Trà Vinh"[/]
    """
    province = _province(province) if province else None
    G = _graph(graph, sources, neo4j=neo4j)
    rows = _q(G).implementers(G, _node(G, number), province=province, level=level, relations=_relations(relation),
                              limit=_limit(limit, fmt), offset=offset)
    _note_more(rows, "documents")
    source = _with_sources(G, rows)
    emit(rows, fmt, ["label", "kind", "level", "place", "date", "depth", "chain", *source] if fmt != Fmt.json else None)


class CoverageFmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


@app.command()
@neo4j_options
def coverage(
    numbers: Annotated[list[str], typer.Argument(help="Directives (numbers, number@year or keys).")],
    province: Annotated[list[str] | None, typer.Option(
        help="Rows to show (repeatable; any era's spelling, an old province gives the row that holds it); "
             "default all provinces.")] = None,
    seen_only: Annotated[bool, typer.Option("--seen-only", help="Only provinces that have documents in the graph.")] = False,
    as_of: AsOfOpt = None,
    fmt: Annotated[CoverageFmt, typer.Option("--format", "-f", help="Output format; html is a standalone page.")] = CoverageFmt.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw a heat-map PNG here (provinces × directives).")] = None,
    lang: LangOpt = Lang(DEFAULT_LANG),
    graph: GraphOpt = Path("graph.json"), sources: FromOpt = None, neo4j: Neo4jOpt = False,
    limit: LimitOpt = None, offset: OffsetOpt = 0,
):
    """Directives × provinces: which provinces implement each directive, and the gaps.

    Provinces are those in force on --as-of (default today: the 34 of the 2025 merger, each
    holding the documents of the old provinces it absorbed); documents issued after that
    day are left out.  --limit and --offset page the provinces (rows); the heat map draws
    them all.

    Example: [bold]vbgraph coverage 33/CT-TTg 114-KL/TW --format html -o coverage.html --plot coverage.png[/]
    """
    _check_output(output, plot)
    day = as_of.date() if as_of else date.today()
    pmap = map_at(day)
    provinces = _province_rows(province, pmap) if province else None
    G = _graph(graph, sources, neo4j=neo4j)
    keys = list(dict.fromkeys(_node(G, n) for n in numbers))
    if seen_only:
        places = _q(G).places(G) if isinstance(G, Neo4jGraph) else {n["place"] for _, n in G.nodes(data=True) if n.get("place")}
        provinces = sorted({row for p in places if (row := pmap.row_of(p))}, key=vi_sort_key)
    rows = _q(G).coverage(G, keys, provinces=provinces, as_of=day)
    page = queries.paged(rows, _limit(limit, fmt) if fmt != CoverageFmt.html else limit or None, offset)
    _note_more(page, "provinces")
    directives = [_q(G).node_row(G, k) for k in keys]
    labels = queries.column_labels(keys, [d["label"] for d in directives])
    for d, lab in zip(directives, labels):
        d["label"] = lab
    columns = ["province", "former", *labels, "covered"]
    out = io.StringIO() if output else sys.stdout
    with contextlib.redirect_stdout(out):
        if fmt == CoverageFmt.html:
            review = checks.review((_q(G).check if neo4j else checks.check)(G))
            sys.stdout.write(coverage_html(page, directives, lang=lang.value, as_of=day, review=review))
        elif fmt == CoverageFmt.table:
            shown = coverage_flat_rows(page, labels, gap="— gap —")
            emit(shown, Fmt.table, columns if any(r["former"] for r in shown) else [c for c in columns if c != "former"],
                 title=f"provinces on {day.isoformat()}")
        elif fmt == CoverageFmt.csv:
            emit(coverage_flat_rows(page, labels), Fmt.csv, columns)
        else:
            emit(page, Fmt.json)
    if output:
        _write(output, out.getvalue())
    if plot:
        heading = coverage_title(directives, lang.value) + "\n" + text("coverage.as_of_short", lang.value, day=day.isoformat())
        try:
            coverage_heatmap(rows, directives, plot, title=heading, lang=lang.value)
        except VbgraphError as err:
            fail(str(err))
        err_console.print(f"{plot}: {plural(len(rows), 'province')} × {plural(len(labels), 'directive')}", highlight=False, soft_wrap=True)


@app.command()
@neo4j_options
def path(
    a: str, b: str,
    relation: Annotated[list[Relation] | None, typer.Option("--relation", "-r", help="Only these relations.")] = None,
    graph: GraphOpt = Path("graph.json"), sources: FromOpt = None, fmt: FormatOpt = Fmt.table, neo4j: Neo4jOpt = False,
    limit: LimitOpt = None, offset: OffsetOpt = 0,
):
    """The shortest chain between two documents, with the evidence of each hop.

    Example: [bold]vbgraph path 03/KH-UBND 33/CT-TTg[/]
    """
    G = _graph(graph, sources, neo4j=neo4j)
    hops = _q(G).shortest_path(G, _node(G, a), _node(G, b),
                                 relations=[r.value for r in relation] if relation else None)
    if not hops:
        fail(f"no chain between {a} and {b}")
    hops = queries.paged(hops, _limit(limit, fmt), offset)
    _note_more(hops, "hops")
    emit(hops, fmt, ["step", "source", "relation", "target", "direction", "evidence"])


class FindingKind(str, Enum):
    stale_basis = "stale_basis"
    superseded_since = "superseded_since"
    amended_since = "amended_since"
    undecided = "undecided"


#: What --since takes: a year, a month or a day, ISO style (compared as a prefix of dates).
SINCE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@app.command()
@neo4j_options
def check(
    kind: Annotated[list[FindingKind] | None, typer.Option("--kind", "-k", help="Only these findings (repeatable); default all.")] = None,
    province: Annotated[str | None, typer.Option(
        help="Only documents of this province (any spelling; on the map of --as-of, with the old provinces it absorbed).")] = None,
    as_of: AsOfOpt = None,
    since: Annotated[str | None, typer.Option(help="Only documents dated on or after this (2023, 2023-07, 2023-07-01).")] = None,
    relation: Annotated[list[Relation] | None, typer.Option("--relation", "-r", help="Basis relations to follow (repeatable); default implements, based_on, guides.")] = None,
    graph: GraphOpt = Path("graph.json"), sources: FromOpt = None, fmt: FormatOpt = Fmt.table, neo4j: Neo4jOpt = False,
):
    """Documents that rest on a replaced, repealed or amended basis, with the chain and evidence.

    Findings: [bold]stale_basis[/] (the basis was replaced or repealed before the document
    was issued), [bold]superseded_since[/] (on or after: it may need review),
    [bold]amended_since[/] (the basis was amended after it: informational), [bold]undecided[/]
    (an ambiguous or unplaced document, or missing dates, stop the chain).

    --province is a province of the map in force on --as-of (default today: the 34 of the
    2025 merger, each holding the documents of the old provinces it absorbed); an old
    province's name gives the province that absorbed it, and says so.

    Example: [bold]vbgraph check --province "An Giang" --since 2023 --kind stale_basis[/]
    """
    if since is not None and not SINCE.fullmatch(since):
        fail(f"--since {since!r} is not a date: write 2023, 2023-07 or 2023-07-01", 2)
    pmap = map_at(as_of.date() if as_of else None)
    province = _province_rows([province], pmap)[0] if province else None
    G = _graph(graph, sources, neo4j=neo4j)
    # A hundred thousand findings make a few million objects and no cycle (see paused_gc).
    with paused_gc(freeze=False):
        run = _q(G).check if neo4j else checks.check
        rows = run(G, kinds=[k.value for k in kind] if kind else None, province=province, province_map=pmap, since=since,
                   relations=_relations(relation))
        counts = {k: sum(1 for r in rows if r["kind"] == k) for k in checks.KINDS}
        err_console.print(f"{len(rows)} findings: " + ", ".join(f"{n} {k}" for k, n in counts.items()), highlight=False)
        source = _with_sources(G, rows)
        if fmt == Fmt.json:
            emit(rows, fmt)
            return
        for r in rows:
            r["chain_text"] = checks.chain_text(r)
            r["evidence_text"] = " | ".join(e or "" for e in r["evidence"])
        if fmt == Fmt.csv:
            emit(rows, fmt, [*checks.COLUMNS, "chain_text", "evidence_text", *source])
        else:
            emit([r | {"chain": r["chain_text"]} for r in rows], fmt,
                 ["kind", "document", "place", "date", "chain", "by_date", "reason", *source])


@app.command()
@neo4j_options
def stats(graph: GraphOpt = Path("graph.json"), sources: FromOpt = None, fmt: FormatOpt = Fmt.table,
          neo4j: Neo4jOpt = False, limit: LimitOpt = None, offset: OffsetOpt = 0):
    """Counts by kind, level, province and relation; unresolved and ambiguous mentions.

    Example: [bold]vbgraph stats --format json[/]
    """
    G = _graph(graph, sources, neo4j=neo4j)
    rows = queries.paged(_q(G).stats(G), _limit(limit, fmt), offset)
    _note_more(rows)
    emit(rows, fmt)


@app.command()
def load(
    graph: GraphOpt = Path("graph.json"), sources: FromOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 1000,
    wipe: Annotated[bool, typer.Option("--wipe", help="First delete every vbgraph document from the database.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --wipe.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Also remove files loaded earlier that this graph no longer holds.")] = False,
    bulk: Annotated[bool, typer.Option("--bulk", help="First load into an empty database at import speed: stops the server "
                                       "`vbgraph neo4j start` runs, imports with neo4j-admin, starts it again.")] = False,
    data_dir: DataDirOpt = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None, database: DatabaseOpt = None,
    encoding: EncodingOpt = None,
):
    """Load the graph into Neo4j: only files that changed since the last load are written.

    Example: [bold]vbgraph load --graph graph.json[/]  (then [bold]vbgraph trace 33/CT-TTg --neo4j[/])
    """
    G = _graph(graph, sources, encoding)
    settings = Neo4jSettings.from_env(uri=uri, user=user, password=password, database=database)
    if bulk:
        if wipe and not yes:
            typer.confirm(f"Replace every vbgraph document of database {settings.database!r} at {settings.uri}?",
                          abort=True, err=True)
        try:
            with _progress() as bar:
                task = bar.add_task("bulk", total=None)
                summary = bulk_load(G, settings, data_dir=data_dir, replace=wipe,
                                    progress=lambda stage: bar.update(task, description=stage))
        except VbgraphError as err:
            fail(str(err))
        err_console.print(f"{settings.uri} ({settings.database}): {summary.line()}", highlight=False, soft_wrap=True)
        return
    db = _neo4j(settings)
    try:
        if wipe:
            if not yes:
                typer.confirm(f"Delete every vbgraph document from database {settings.database!r} at {settings.uri}?",
                              abort=True, err=True)
            err_console.print(f"wiped: {wipe_graph(db):,} nodes deleted", highlight=False)
        with _progress() as bar:
            task = bar.add_task("loading", total=None)
            summary = load_graph(db, G, batch_size=batch_size, prune=prune,
                                 progress=lambda stage, done, total: bar.update(task, description=stage,
                                                                                completed=done, total=total))
    except VbgraphError as err:
        fail(str(err))
    err_console.print(f"{settings.uri} ({settings.database}): {summary.line()}", highlight=False, soft_wrap=True)


class Layout(str, Enum):
    hierarchical = "hierarchical"
    force = "force"


class Direction(str, Enum):
    up = "up"
    down = "down"


def _view_chain(G, trace_number: str | None, direction: Direction, path_ends: tuple[str, str] | None,
                relation: list[Relation] | None):
    """The chain `view` highlights: a trace, a path, or none."""
    from graph.views.chain import path_chain, trace_chain

    if trace_number and path_ends:
        fail("--trace and --path cannot be combined: highlight one chain at a time", 2)
    if relation and not (trace_number or path_ends):
        fail("--relation needs --trace or --path", 2)
    if trace_number:
        return trace_chain(G, _node(G, trace_number), direction=direction.value, relations=_relations(relation))
    if path_ends:
        a, b = path_ends
        chain = path_chain(G, _node(G, a), _node(G, b), relations=[r.value for r in relation] if relation else None)
        if chain is None:
            fail(f"no chain between {a} and {b}")
        return chain
    return None


@app.command()
def view(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("graph.html"),
    around: Annotated[str | None, typer.Option(help="Centre on this document.")] = None,
    depth: Annotated[int, typer.Option(min=0, help="With --around: hops to include.")] = 2,
    province: Annotated[str | None, typer.Option(
        help="Only this province (any spelling; on the map of --as-of, with the old provinces it absorbed) "
             "and the central documents it cites.")] = None,
    as_of: AsOfOpt = None,
    layout: Annotated[Layout, typer.Option(help="hierarchical: central on top, provincial and district below, "
                                                "ordered by date; force: force-directed.")] = Layout.hierarchical,
    trace_number: Annotated[str | None, typer.Option("--trace", help="Highlight the lineage of this document.")] = None,
    direction: Annotated[Direction, typer.Option(help="With --trace: up to what it rests on, down to what implements it.")] = Direction.up,
    path_ends: Annotated[tuple[str, str] | None, typer.Option("--path", help="Highlight the shortest chain between two documents.")] = None,
    relation: Annotated[list[Relation] | None, typer.Option(
        "--relation", "-r", help="With --trace or --path: relations to follow (repeatable); "
                                 "default for --trace implements, based_on, guides; for --path all.")] = None,
    only_chain: Annotated[bool, typer.Option("--only-chain", help="Draw only the highlighted chain.")] = False,
    aggregate: Annotated[bool | None, typer.Option(
        "--overview/--all", help="Overview: central documents with the provinces that implement them as clusters "
                                 "(default above 1,000 documents to draw); all: every document.")] = None,
    focus_number: Annotated[str | None, typer.Option(
        "--focus", help="A focused view of this document: its lineage up, its implementers by province.")] = None,
    lang: LangOpt = Lang(DEFAULT_LANG),
    graph: GraphOpt = Path("graph.json"), sources: FromOpt = None,
):
    """An interactive page of the graph that works offline: search, filters, lineage layout.

    Example: [bold]vbgraph view --trace 33/CT-TTg --direction down -o lineage.html[/]
    """
    from graph.views import overview as agg  # pyvis loads only when a page is drawn
    from graph.views.overview_page import render_overview
    from graph.views.render import render_html

    _check_output(output)
    pmap = map_at(as_of.date() if as_of else None)
    province = _province_rows([province], pmap)[0] if province else None
    G = _graph(graph, sources)
    if focus_number:
        key = _node(G, focus_number)
        page = agg.focus(G, key, province_map=pmap, relations=_relations(relation))
        render_overview(G, page, output, title=f"vbgraph: {focus_number}", lang=lang.value, province_map=pmap)
        clusters = page.clusters[key]
        err_console.print(f"{output}: focus on {focus_number}: {plural(len(page.lineage), 'document')} above, "
                          f"{plural(sum(c.count for c in clusters), 'implementing document')} in "
                          f"{plural(len(clusters), 'cluster')}", highlight=False, soft_wrap=True)
        return
    centre = _node(G, around) if around else None
    chain = _view_chain(G, trace_number, direction, path_ends, relation)
    if only_chain and chain is None:
        fail("--only-chain needs --trace or --path", 2)
    if only_chain:
        H = G.subgraph(chain.nodes).copy()
    else:
        H = subgraph(G, around=centre, depth=depth, province=province, province_map=pmap)
        if chain is not None:
            # The chain is drawn whole even where it leaves the neighbourhood or province.
            H = G.subgraph(set(H) | chain.nodes).copy()
    if H.number_of_nodes() == 0:
        fail("nothing to draw: the filters leave no document")
    name = around or province or trace_number or (" → ".join(path_ends) if path_ends
                                                           else text("view.all_documents", lang.value))
    if aggregate and (chain is not None or centre is not None):
        fail("--overview draws no chain or centre: use --focus N for a document's lineage and implementers", 2)
    if aggregate or (aggregate is None and chain is None and centre is None
                     and H.number_of_nodes() > agg.OVERVIEW_ABOVE):
        page = agg.overview(H, province_map=pmap)
        render_overview(H, page, output, title=f"vbgraph: {name}", lang=lang.value, province_map=pmap)
        err_console.print(f"{output}: overview of {plural(H.number_of_nodes(), 'document')}: "
                          f"{plural(len(page.anchors), 'central document')}, "
                          f"{plural(sum(len(c) for c in page.clusters.values()), 'province cluster')}", highlight=False,
                          soft_wrap=True)
        return
    # Checked on the whole graph: what replaced a document may lie outside the page.
    try:
        render_html(H, output, title=f"vbgraph: {name}", layout=layout.value, chain=chain,
                    centre=centre if centre in H else None, lang=lang.value, province_map=pmap,
                    review=checks.review(checks.check(G)))
    except VbgraphError as err:
        fail(str(err))
    highlighted = f"; {chain.caption('en')}" if chain else ""
    err_console.print(f"{output}: {plural(H.number_of_nodes(), 'document')}, {plural(H.number_of_edges(), 'edge')}{highlighted}",
                      highlight=False, soft_wrap=True)


ExportFmt = Enum("ExportFmt", {f: f for f in EXPORT_FORMATS}, type=str)
#: The levels a document can have (extract.models.Level).
Level = Enum("Level", {lv: lv for lv in get_args(DocumentLevel)}, type=str)


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (for csv: a folder, which gets "
                                                                "nodes.csv and edges.csv).")],
    fmt: Annotated[ExportFmt | None, typer.Option("--format", "-f", help="Default: from the file's suffix "
                                                                          "(.graphml, .gexf; anything else: csv).")] = None,
    province: Annotated[str | None, typer.Option(help="Only this province (any spelling, on the map of --as-of) "
                                                      "and the central documents it cites.")] = None,
    as_of: AsOfOpt = None,
    level: Annotated[list[Level] | None, typer.Option("--level", help="Only documents of these levels (repeatable).")] = None,
    trace_number: Annotated[str | None, typer.Option("--trace", help="Only the lineage of this document.")] = None,
    direction: Annotated[Direction, typer.Option(help="With --trace: up to what it rests on, down to what implements it.")] = Direction.up,
    relation: RelationOpt = None,
    around: Annotated[str | None, typer.Option(help="Only the neighbourhood of this document.")] = None,
    depth: Annotated[int, typer.Option(min=0, help="With --around: hops to include.")] = 2,
    graph: GraphOpt = Path("graph.json"), sources: FromOpt = None,
):
    """Write the graph for Gephi, Cytoscape, yEd or a spreadsheet: GraphML, GEXF, or node and edge CSV.

    Whole, or filtered as the view filters it. Attributes are typed (year and cited
    integers, seen and ambiguous booleans); each edge's evidence is text, a line a mention.

    Example: [bold]vbgraph export -o lineage.graphml --trace 33/CT-TTg --direction down[/]
    """
    fmt = fmt or ExportFmt(output.suffix[1:].lower() if output.suffix[1:].lower() in ("graphml", "gexf") else "csv")
    pmap = map_at(as_of.date() if as_of else None)
    province = _province_rows([province], pmap)[0] if province else None
    G = _graph(graph, sources)
    centre = _node(G, around) if around else None
    if trace_number:
        from graph.views.chain import trace_chain

        G = G.subgraph(trace_chain(G, _node(G, trace_number), direction=direction.value,
                                   relations=_relations(relation)).nodes)
        if centre is not None and centre not in G:
            fail(f"{around} is not in the lineage of {trace_number}")
    H = subgraph(G, around=centre, depth=depth, province=province, province_map=pmap,
                 levels=[lv.value for lv in level] if level else None)
    if H.number_of_nodes() == 0:
        fail("nothing to export: the filters leave no document")
    written = write_export(H, output, fmt.value)
    err_console.print(f"{', '.join(map(str, written))}: {plural(H.number_of_nodes(), 'document')}, "
                      f"{plural(H.number_of_edges(), 'edge')}",
                      highlight=False, soft_wrap=True)


@app.command()
def annotate(
    file: Annotated[str, typer.Argument(help="The document (.txt .md .docx .pdf .html), or - for stdin.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the page here (atomically) instead of stdout.")] = None,
    sources: Annotated[list[str] | None, typer.Option("--from", help="Resolve short forms and undated mentions against these files/folders too.")] = None,
    encoding: EncodingOpt = None,
    lang: LangOpt = Lang(DEFAULT_LANG),
):
    """The document's text with every reference highlighted: relation, resolved identity, gaps.

    Example: [bold]vbgraph annotate ../shared/seeds/003_55d517ce3ca3e960.txt --from ../shared/seeds -o 003.html[/]

    Unresolved, ambiguous and incomplete references are marked apart; the page works offline.
    """

    path = None if file == "-" else Path(file)
    if path is not None and path.is_dir():
        fail(f"{path}: is a folder; annotate one file (pass the folder as --from)")
    if path is not None and output is not None and output.resolve() == path.resolve():
        fail(f"{output}: is the document itself; write the page elsewhere")
    _check_output(output)
    src = read_source("<stdin>" if path is None else path.name, path, encoding=encoding)
    if src.error:
        fail(src.error)
    for w in src.warnings:
        err_console.print(f"[yellow]Warning:[/] {w}", highlight=False, soft_wrap=True)
    corpus = _extract(sources, encoding) if sources else None
    if output and corpus and corpus.errors:
        _not_written(output, corpus.errors)
    doc = resolve_against(extract_text(src.text, src.doc, src.path),
                          [d.extraction for d in corpus.documents] if corpus else [])
    page = annotated_html(src.text, doc, lang=lang.value)
    if output is None:
        sys.stdout.write(page)
    else:
        _write(output, page)
        marks = annotations(doc)
        odd = sum(1 for a in marks if a.status != "resolved")
        err_console.print(f"{output}: {plural(len(marks), 'reference')} marked, {odd} not plainly resolved", highlight=False,
                          soft_wrap=True)
    if corpus and corpus.errors:
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (../shared/gold/seeds.jsonl).")],
    paths: Annotated[list[str], typer.Argument(help="The documents the gold describes.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss.")] = False,
    fmt: FormatOpt = Fmt.table, encoding: EncodingOpt = None, column: ColumnOpt = None, province: ProvinceOpt = None,
):
    """Score extraction against a gold file: precision, recall, F1 and accuracies.

    Example: [bold]vbgraph eval ../shared/gold/seeds.jsonl ../shared/seeds[/]
    """
    try:
        gold_records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as err:
        fail(f"{gold}: cannot read gold file: {err}")
    result = _extract(paths, encoding, catalogue=_catalogue(column, province))
    report = evaluate(gold_records, [document_record(d, evidence=False) for d in result.documents])
    emit(report.rows(), fmt, title=plural(report.documents, "document"))
    if report.missing_docs:
        err_console.print(f"[yellow]Warning:[/] {len(report.missing_docs)} gold documents not among the inputs: "
                          + ", ".join(report.missing_docs[:5]), highlight=False)
    if verbose:
        for m in report.misses:
            err_console.print(m, highlight=False, soft_wrap=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
