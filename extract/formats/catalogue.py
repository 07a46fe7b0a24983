"""Catalogue files as tables: a header and rows, each row with the line the file shows it on.

A catalogue (a province's or a legal database's list of documents) is one file holding
many documents, a row each.  This module only turns its bytes into cells; which column
means what, and how a row becomes a document, is :mod:`extract.catalogue`'s job.

==========  ==========================================================================
suffix      rows, and the line a row is known by
==========  ==========================================================================
.csv .tsv   the first row is the header; a row's line is the physical line it starts
            on (the header is line 1; a quoted field may span lines)
.jsonl      one JSON object a line; the line number
.json       an array of objects; a row's line is its position in the array (1-based)
.xlsx       the first worksheet, its first non-empty row the header; Excel's row number
==========  ==========================================================================

A row that cannot be read (a field count that disagrees with the header, a line that is
not a JSON object) is kept as a :class:`Row` with an ``error``, so the caller reports it
with its line and loads the rest.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import UnreadableError
from .text import decode_text

__all__ = ["CATALOGUE_SUFFIXES", "Row", "Table", "read_table", "is_graph_file"]

CATALOGUE_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".json", ".xlsx"})


@dataclass
class Row:
    """One row: its cells by header, or why it could not be read."""

    line: int
    cells: dict[str, str] = field(default_factory=dict)
    error: str | None = None


@dataclass
class Table:
    headers: list[str]
    rows: list[Row]
    warnings: list[str] = field(default_factory=list)


def is_graph_file(data: bytes) -> bool:
    """Whether *data* is a vbgraph graph file (``graph.store`` writes its format first).

    Examples
    --------
    >>> is_graph_file(b'{"format":"vbgraph-graph","version":3}'), is_graph_file(b'[{"title": "x"}]')
    (True, False)
    """
    return b'"vbgraph-graph"' in data[:200]


def read_table(data: bytes, suffix: str, *, encoding: str | None = None) -> Table:
    """The header and rows of a catalogue file's bytes.

    Parameters
    ----------
    data : bytes
        The whole file.
    suffix : str
        One of :data:`CATALOGUE_SUFFIXES`: says how to read *data*.
    encoding : str, optional
        Overrides the detection of the text encoding (CSV, TSV, JSON, JSONL).

    Returns
    -------
    Table
        Cells as text (stripped; numbers as written, dates of a spreadsheet as ISO dates).

    Raises
    ------
    UnreadableError
        Empty, not text, not a table (a JSON that is no array of objects), or a graph file.

    Examples
    --------
    >>> t = read_table('số ký hiệu,trích yếu\\n1/KH-UBND,"thực hiện\\nChỉ thị 33/CT-TTg"\\n2/KH-UBND,x\\n'.encode(), ".csv")
    >>> t.headers, [(r.line, r.cells["số ký hiệu"]) for r in t.rows]
    (['số ký hiệu', 'trích yếu'], [(2, '1/KH-UBND'), (4, '2/KH-UBND')])
    """
    suffix = suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if is_graph_file(data):
        raise UnreadableError("a vbgraph graph file, not a catalogue")
    decoded = decode_text(data, encoding)
    text = decoded.text
    if suffix == ".jsonl":
        table = _read_jsonl(text)
    elif suffix == ".json":
        table = _read_json(text)
    else:
        table = _read_delimited(text, "\t" if suffix == ".tsv" else _delimiter(text))
    table.warnings[:0] = decoded.warnings
    return table


def _delimiter(text: str) -> str:
    # Spreadsheets saved as CSV in a Vietnamese locale separate with ";".
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_delimited(text: str, delimiter: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[Row] = []
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            rows.append(Row(start, error=f"malformed line ({err})"))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not any(f.strip() for f in fields):
            continue  # blank lines hold no row
        if headers is None:
            headers = [f.strip() for f in fields]
        elif len(fields) != len(headers):
            rows.append(Row(line, error=f"malformed line: {len(fields)} fields, the header has {len(headers)}"))
        else:
            rows.append(Row(line, dict(zip(headers, map(_cell, fields)))))
    if headers is None:
        raise UnreadableError("no header row")
    return Table(headers, rows)


def _objects(items: Iterator[tuple[int, object]]) -> Table:
    """A table from (line, parsed value) pairs, its headers the keys in order of appearance."""
    headers: dict[str, None] = {}
    rows = []
    for line, value in items:
        if isinstance(value, str):   # what the parser said about a line it could not read
            rows.append(Row(line, error=value))
        elif not isinstance(value, dict):
            rows.append(Row(line, error=f"malformed line: a JSON {type(value).__name__}, not an object"))
        else:
            headers.update(dict.fromkeys(value))
            rows.append(Row(line, {str(k): _cell(v) for k, v in value.items()}))
    return Table(list(headers), rows)


def _read_jsonl(text: str) -> Table:
    def parsed() -> Iterator[tuple[int, object]]:
        for line, raw in enumerate(text.split("\n"), 1):
            if raw.strip():
                try:
                    yield line, json.loads(raw)
                except json.JSONDecodeError as err:
                    yield line, f"malformed line: not JSON ({err.msg})"

    return _objects(parsed())


def _read_json(text: str) -> Table:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise UnreadableError(f"not valid JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(value, list):
        raise UnreadableError("not a catalogue: a JSON catalogue is an array of objects, a row each")
    return _objects(enumerate(value, 1))


def _read_xlsx(data: bytes) -> Table:
    # openpyxl only when a spreadsheet shows up; read-only mode streams the rows
    # instead of building every cell's object.
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise UnreadableError(f"not a readable .xlsx workbook ({err})") from None
    try:
        sheet = book.worksheets[0]
        headers: list[str] | None = None
        rows: list[Row] = []
        for cells in sheet.iter_rows():
            values = [_cell(c.value) for c in cells]
            if not any(values):
                continue
            line = next(c.row for c in cells if hasattr(c, "row"))
            if headers is None:
                headers = values
                continue
            if len(values) > len(headers) and any(values[len(headers):]):
                rows.append(Row(line, error=f"malformed line: {len(values)} cells, the header has {len(headers)}"))
                continue
            values += [""] * (len(headers) - len(values))
            rows.append(Row(line, {h: v for h, v in zip(headers, values) if h}))
    finally:
        book.close()
    if headers is None:
        raise UnreadableError("no header row in the first worksheet")
    return Table(headers, rows)
