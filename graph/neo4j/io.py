"""Load the citation graph into Neo4j, incrementally and idempotently.

Schema
------
``(:Document {key, number, title, kind, date, year, issuer, level, scope, place, subject,
seen, file, ambiguous, cited, source_files, number_fold, title_fold})``
    One per identity key; ``number_fold`` / ``title_fold`` are the spellings
    :func:`graph.queries.find_node` matches on, indexed.
``(:Document)-[:BASED_ON|IMPLEMENTS|GUIDES|AMENDS|REPLACES|REPEALS|REPORTS_ON|CITES]->(:Document)``
    One per (citing, cited, relation); its evidence as parallel lists ``files``, ``spans``
    ("start:end"), ``sentences``, ``cues``, ``surfaces`` (Neo4j properties cannot be maps;
    a missing cue is stored as "", and a list of nothing but "" is left out: read the
    lists through :func:`evidence_list`).
``(:VbgraphFile {doc, path, sha256, digest, key, references, unresolved, incomplete})``
    One per file loaded, with ``(:VbgraphFile)-[:SOURCE_OF {cited}]->(:Document)`` to every
    document the file names (its own, the ones it cites), ``cited`` being its share of the
    document's mentions.

Incremental loading
-------------------
Each file's contribution to the graph (its edges and evidence, the documents it touches
with their properties) is hashed into ``digest``.  A file whose ``sha256`` and ``digest``
match the stored :VbgraphFile is skipped.  A changed or new file is first *stripped*: its
evidence is removed from the relationships it stated (a relationship left with none is
deleted) and its SOURCE_OF links are deleted; then its documents and relationships are
merged again, and documents no file names any more are deleted.  The digest is cleared
before a file is stripped and written last, so a load killed midway is finished by loading
again.  Loading the same graph twice writes nothing the second time.

Unfinished work
---------------
A load or a wipe first records itself in one ``(:VbgraphState {name: "vbgraph", operation,
started})`` node and deletes it when done.  A load that finds one left behind (the
process was killed, the server went away) repairs first: an unfinished wipe is finished,
so no half-deleted graph passes for loaded; after an unfinished load, files it left
half-written that this graph does not hold are removed and documents no file names are
swept, even when nothing else changed.  A wipe deletes the files' records first, so even
without the marker no file it reached is taken for loaded.  With ``prune``, files loaded earlier that the graph no
longer holds are stripped the same way and their :VbgraphFile nodes deleted.

A document's properties come from the graph loaded when that graph holds every file that
names it (a full reload reproduces a clean load); otherwise a file is authoritative for its
own document and other files only fill what is empty, as :func:`graph.model.build_graph`
does.  ``cited`` is the sum of the files' shares.  Documents of a graph that no file names
(not built from files) belong to the pseudo-file ``(no file)``.

Provinces stay a property (``place``, indexed) rather than ``:Province`` nodes: every
query filters or groups on the value, which an index serves as well, with nothing to keep
in step.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from operator import itemgetter

import networkx as nx

from extract.resolve import fold_number, fold_title

from ..exceptions import VbgraphError
from ..model import NODE_FIELDS, Evidence, EvidenceTables, paused_gc

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: Relation name → relationship type.  Types cannot be parameters: Cypher text is only
#: ever built from this fixed table.
REL_TYPES = {
    "based_on": "BASED_ON", "implements": "IMPLEMENTS", "guides": "GUIDES", "amends": "AMENDS",
    "replaces": "REPLACES", "repeals": "REPEALS", "reports_on": "REPORTS_ON", "cites": "CITES",
}
RELATIONS = {t: r for r, t in REL_TYPES.items()}

#: Properties of a Document written from the graph (plus ``key``, ``cited``, ``source_files``).
DOC_FIELDS = (*NODE_FIELDS, "number_fold", "title_fold", "spelling_folds")

LABELS = ("Document", "VbgraphFile")

#: Level → the label a Document of that level also carries, so that Neo4j Browser (whose
#: styles select on labels, not properties) can colour documents by level.  Labels cannot
#: be parameters: Cypher text is only ever built from this fixed table.
LEVEL_LABELS = {
    "central_party": "CentralParty", "central_state": "CentralState", "provincial_party": "ProvincialParty",
    "provincial_state": "ProvincialState", "district": "District",
}

#: The label of the few documents whose number is also written otherwise
#: (``spelling_folds``): a number is looked up among them, where a list cannot be indexed
#: and a scan of every document costs 50 ms at 100,000 documents.
SPELLED = "Spelled"

#: The node recording a load or wipe in progress (see "Unfinished work" above).
Q_STATE = "MATCH (s:VbgraphState {name: 'vbgraph'}) RETURN s.operation AS operation, toString(s.started) AS started"
Q_BEGIN = "MERGE (s:VbgraphState {name: 'vbgraph'}) SET s.operation = $operation, s.started = datetime()"
Q_END = "MATCH (s:VbgraphState {name: 'vbgraph'}) DELETE s"

#: The pseudo-file that holds the documents of a graph that no file names.
UNATTRIBUTED = "(no file)"


class Neo4jUnavailable(VbgraphError):
    """No usable Neo4j: server down, wrong credentials, unknown database."""


# --------------------------------------------------------------------------- connection

@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE

    @classmethod
    def from_env(cls, *, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, env: dict | None = None) -> Neo4jSettings:
        """Options first, then NEO4J_URI, NEO4J_USER (or NEO4J_USERNAME), NEO4J_PASSWORD
        (else the local server's password file), NEO4J_DATABASE, then defaults."""
        env = os.environ if env is None else env
        if password is None:
            password = env.get("NEO4J_PASSWORD") or _local_password()
        return cls(uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
                   user=user or env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or DEFAULT_USER,
                   password=password,
                   database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE)


def _local_password() -> str | None:
    """The password `vbgraph neo4j start` wrote, if there is such a server here."""
    try:
        from . import server as neo4j_server
    except ImportError:
        return None
    try:
        return neo4j_server.read_password()
    except Exception:  # no password file, no server installed: not an error here
        return None


@dataclass(frozen=True)
class Neo4jGraph:
    """A driver and a database name: what the Cypher queries take instead of ``G``."""
    driver: object
    database: str = DEFAULT_DATABASE
    uri: str = ""

    def read(self, query: str, **params) -> list[dict]:
        """Run one read query in a managed read transaction; records as dicts."""
        def work(tx):
            return [r.data() for r in tx.run(query, params)]
        with translate_errors(self.uri), self.driver.session(database=self.database) as s:
            return s.execute_read(work)

    def values(self, query: str, **params) -> list[list]:
        """Run one read query in a managed read transaction; records as lists of values.
        For large answers: a record's values are handed over as decoded, where
        :meth:`read` copies each into a dict, nested lists and all."""
        def work(tx):
            return [r.values() for r in tx.run(query, params)]
        with translate_errors(self.uri), self.driver.session(database=self.database) as s:
            return s.execute_read(work)

    def each(self, query: str, fn: Callable[[list], None], **params) -> None:
        """Run one read query in a managed read transaction, handing each record's values
        to *fn* as it arrives, while the server is still working on the next ones.  A
        transaction that is retried hands its records again from the first: *fn* must
        give the same result when it sees a record twice."""
        def work(tx):
            for r in tx.run(query, params):
                fn(r.values())
        with translate_errors(self.uri), self.driver.session(database=self.database) as s:
            s.execute_read(work)

    def close(self) -> None:
        self.driver.close()


def _describe(err: Exception, uri: str, settings: Neo4jSettings | None = None) -> str:
    """One line for a driver error, naming the URI and never the password.

    The server's own text is the only part that could hold the password; when it does,
    the line gives the error's code instead.  (Masking the password inside the text
    garbled it and told where the password's letters stood: with password ``a``,
    "Neo4j at …" became "Neo4j ***t …".)
    """
    from neo4j import exceptions as ne

    code = getattr(err, "code", None) or ""
    text = str(getattr(err, "message", None) or err).splitlines()[0] if str(err) else type(err).__name__
    if settings and settings.password and settings.password in text:
        text = f"{code or type(err).__name__} (the server's message is not shown: it holds the password)"
    user = f" as {settings.user!r}" if settings else ""
    if "AuthenticationRateLimit" in code:
        msg = (f"Neo4j at {uri} refused the login{user} for now: too many failed logins with a wrong password; "
               "wait a few seconds and try again")
    elif isinstance(err, ne.AuthError) or "Unauthorized" in code:
        msg = (f"Neo4j at {uri} refused the login{user}: wrong user or password "
               "(set NEO4J_PASSWORD or --password)")
    elif "DatabaseNotFound" in code or (isinstance(err, ne.ClientError) and "database" in text.lower()
                                        and "not found" in text.lower()):
        db = f" {settings.database!r}" if settings else ""
        msg = f"Neo4j at {uri} has no database{db} (NEO4J_DATABASE / --database)"
    elif isinstance(err, (ne.ServiceUnavailable, ne.SessionExpired, OSError)):
        why = ("unknown host" if "DNS" in text or "not known" in text
               else "no server answers there (is it running? `vbgraph neo4j start`)")
        msg = f"cannot reach Neo4j at {uri}: {why}"
    elif isinstance(err, (ne.ConfigurationError, ValueError)):
        msg = f"bad Neo4j address {uri!r}: {text}"
    else:
        msg = f"Neo4j at {uri}: {text}"
    return msg


@contextmanager
def translate_errors(uri: str, settings: Neo4jSettings | None = None) -> Iterator[None]:
    """Turn the driver's errors into one-line :class:`Neo4jUnavailable` / :class:`VbgraphError`."""
    from neo4j import exceptions as ne

    try:
        yield
    except (ne.Neo4jError, ne.DriverError, OSError) as err:
        raise Neo4jUnavailable(_describe(err, uri, settings)) from None


def connect(settings: Neo4jSettings, *, timeout: float = 10.0) -> Neo4jGraph:
    """A driver whose server, credentials and database have been checked.

    Raises
    ------
    Neo4jUnavailable
        One line naming the URI (never the password): server down or unknown host,
        login refused, no such database.
    """
    from neo4j import GraphDatabase

    scheme = settings.uri.split("://", 1)[0].lower() if "://" in settings.uri else ""
    if scheme not in SCHEMES:
        raise Neo4jUnavailable(f"bad Neo4j address {settings.uri!r}: expected {'://, '.join(SCHEMES)}://host:port")
    auth = (settings.user, settings.password or "")
    driver = None
    try:
        with translate_errors(settings.uri, settings):
            driver = GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=timeout,
                                          connection_acquisition_timeout=timeout, max_transaction_retry_time=timeout,
                                          notifications_min_severity="OFF")
            driver.verify_connectivity()
            with driver.session(database=settings.database) as s:
                s.run("RETURN 1").consume()
    except ValueError as err:  # an address the driver cannot parse
        raise Neo4jUnavailable(_describe(err, settings.uri, settings)) from None
    except BaseException:
        if driver is not None:
            driver.close()
        raise
    return Neo4jGraph(driver, settings.database, settings.uri)


# --------------------------------------------------------------------------- schema

SCHEMA = (
    "CREATE CONSTRAINT document_key IF NOT EXISTS FOR (d:Document) REQUIRE d.key IS UNIQUE",
    "CREATE CONSTRAINT vbgraph_file_doc IF NOT EXISTS FOR (f:VbgraphFile) REQUIRE f.doc IS UNIQUE",
    "CREATE INDEX document_number IF NOT EXISTS FOR (d:Document) ON (d.number)",
    "CREATE INDEX document_number_fold IF NOT EXISTS FOR (d:Document) ON (d.number_fold)",
    "CREATE INDEX document_title_fold IF NOT EXISTS FOR (d:Document) ON (d.title_fold)",
    "CREATE INDEX document_place IF NOT EXISTS FOR (d:Document) ON (d.place)",
    "CREATE INDEX document_level IF NOT EXISTS FOR (d:Document) ON (d.level)",
    "CREATE INDEX document_kind IF NOT EXISTS FOR (d:Document) ON (d.kind)",
)


#: A database loaded before SPELLED was kept gets it (one scan; nothing to do after).
Q_SPELLED = f"MATCH (d:Document) WHERE d.spelling_folds IS NOT NULL AND NOT d:{SPELLED} SET d:{SPELLED}"


def ensure_schema(db: Neo4jGraph, *, wait: bool = True) -> None:
    """Named constraints and indexes (idempotent), then, with *wait*, wait until they are
    online (a new index fills in the background)."""
    with translate_errors(db.uri), db.driver.session(database=db.database) as s:
        for q in SCHEMA:
            s.run(q).consume()
        s.run(Q_SPELLED).consume()
        if wait:
            s.run("CALL db.awaitIndexes(300)").consume()


# --------------------------------------------------------------------------- loading

@dataclass
class LoadSummary:
    files_loaded: int = 0
    files_unchanged: int = 0
    files_pruned: int = 0
    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_deleted: int = 0
    #: Documents whose lineage (graph/neo4j/lineage.py) was written or removed.
    lineage: int = 0
    #: Unfinished work found and repaired first, one phrase each.
    repaired: list = field(default_factory=list)
    #: Every write's counters added up (all labels, bookkeeping included).
    counters: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, counters) -> None:
        for name in ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                     "properties_set", "labels_added", "labels_removed"):
            self.counters[name] += getattr(counters, name)

    def line(self) -> str:
        repaired = "".join(f"repaired {r}; " for r in self.repaired)
        return (f"{repaired}files: {self.files_loaded} loaded, {self.files_unchanged} unchanged, {self.files_pruned} pruned; "
                f"nodes: {self.nodes_created} created, {self.nodes_updated} updated, {self.nodes_deleted} deleted; "
                f"relationships: {self.relationships_created} created, {self.relationships_updated} updated, "
                f"{self.relationships_deleted} deleted"
                + (f"; lineage of {self.lineage} documents updated" if self.lineage else ""))


Q_ALL_FILES = """
MATCH (f:VbgraphFile)
RETURN f.doc AS doc, f.sha256 AS sha256, f.digest AS digest, f.path AS path
"""

Q_FILES_STATE = """
UNWIND $docs AS doc
MATCH (f:VbgraphFile {doc: doc})
RETURN f.doc AS doc, f.sha256 AS sha256, f.digest AS digest, f.path AS path
"""

#: Evidence lists stored only where some mention has a value: a list holding nothing but ""
#: (every mention without a cue, say) is left out.  The importer cannot write a one-element
#: list of "" (graph.neo4j.bulk), and both loads leave the same properties.  Read them
#: through :func:`evidence_list`.
OPTIONAL_EVIDENCE = ("sentences", "cues", "surfaces")


def evidence_list(field: str, r: str = "r") -> str:
    """Cypher for relationship *r*'s evidence list *field*, with "" for each mention where
    an optional list is left out (:data:`OPTIONAL_EVIDENCE`).

    Examples
    --------
    >>> evidence_list("cues")
    "coalesce(r.cues, [_ IN r.files | ''])"
    """
    return f"coalesce({r}.{field}, [_ IN {r}.files | ''])" if field in OPTIONAL_EVIDENCE else f"{r}.{field}"


def _evidence_sets(pick: str, added: str = "", *, reorder: bool = False) -> str:
    """Cypher SET items: each evidence list of ``r`` re-read at the positions *pick* (a
    list expression), then *added* (``row``'s lists) appended; the optional ones left out
    where they hold only "".  *reorder*: *pick* only permutes lists already set so, which
    then cannot turn blank."""
    items = []
    for f in ("files", "spans", *OPTIONAL_EVIDENCE):
        if f in OPTIONAL_EVIDENCE and reorder:
            items.append(f"r.{f} = CASE WHEN r.{f} IS NOT NULL THEN [i IN {pick} | r.{f}[i]] END")
        elif f in OPTIONAL_EVIDENCE:
            value = f"([i IN {pick} | coalesce(r.{f}[i], '')]" + (f" + {added}.{f}" if added else "") + ")"
            items.append(f"r.{f} = CASE WHEN any(x IN {value} WHERE x <> '') THEN {value} END")
        else:
            items.append(f"r.{f} = [i IN {pick} | r.{f}[i]]" + (f" + {added}.{f}" if added else ""))
    return ",\n    ".join(items)


# Remove a file's evidence from the relationships it stated; delete those left with none.
Q_STRIP_RELS = """
UNWIND $docs AS doc
MATCH (:VbgraphFile {doc: doc})-[:SOURCE_OF]->(:Document)-[r]->(:Document)
WHERE doc IN r.files
WITH r, collect(doc) AS docs
WITH r, [i IN range(0, size(r.files) - 1) WHERE NOT r.files[i] IN docs] AS keep
SET """ + _evidence_sets("keep") + """
WITH r WHERE size(r.files) = 0
DELETE r
"""

Q_STRIP_SOURCES = """
UNWIND $docs AS doc
MATCH (:VbgraphFile {doc: doc})-[s:SOURCE_OF]->(d:Document)
DELETE s
RETURN DISTINCT d.key AS key
"""

Q_MERGE_FILES = """
UNWIND $rows AS row
MERGE (f:VbgraphFile {doc: row.doc})
SET f.digest = null
"""

Q_FINISH_FILES = """
UNWIND $rows AS row
MATCH (f:VbgraphFile {doc: row.doc})
SET f += row.props
"""


def _field_sets(var: str = "d") -> str:
    # full: this graph holds every file that names the document: its values stand, nulls
    # included.  own: the graph holds the document's own file: its values win.  Otherwise
    # only empty properties are filled.
    return ",\n    ".join(
        f"{var}.{f} = CASE WHEN full THEN row.props.{f} WHEN row.own THEN coalesce(row.props.{f}, {var}.{f}) "
        f"ELSE coalesce({var}.{f}, row.props.{f}) END" for f in DOC_FIELDS)


def _derived_labels(var: str = "d") -> str:
    # The label of the document's level, and none of the others (a level can change);
    # SPELLED while it has other spellings.
    conditions = [(f"{var}.level = '{level}'", lab) for level, lab in LEVEL_LABELS.items()]
    conditions.append((f"{var}.spelling_folds IS NOT NULL", SPELLED))
    return "\n".join(
        f"FOREACH (_ IN CASE WHEN {cond} THEN [1] ELSE [] END | SET {var}:{lab})\n"
        f"FOREACH (_ IN CASE WHEN {cond} THEN [] ELSE [1] END | REMOVE {var}:{lab})"
        for cond, lab in conditions)


Q_MERGE_DOCS = f"""
UNWIND $rows AS row
MERGE (d:Document {{key: row.key}})
WITH d, row
CALL (d, row) {{
  UNWIND range(0, size(row.source_docs) - 1) AS i
  MATCH (f:VbgraphFile {{doc: row.source_docs[i]}})
  MERGE (f)-[s:SOURCE_OF]->(d)
  SET s.cited = row.source_cited[i]
}}
CALL (d) {{
  MATCH (f:VbgraphFile)-[s:SOURCE_OF]->(d)
  WITH f, s ORDER BY f.doc
  RETURN collect(f.doc) AS docs, sum(s.cited) AS cited
}}
WITH d, row, docs, cited, size(docs) = row.files_naming AS full
SET d.source_files = docs, d.cited = cited,
    {_field_sets()}
WITH d
{_derived_labels()}
"""

# Documents whose files were reloaded but that this graph does not hold: drop those no
# file names any more, recount the others.
Q_DROP_ORPHANS = """
UNWIND $keys AS key
MATCH (d:Document {key: key})
WHERE NOT EXISTS { (:VbgraphFile)-[:SOURCE_OF]->(d) }
DETACH DELETE d
"""

# Documents no file names: left by a pruned file, or by a load killed between stripping a
# file and dropping what it alone named.
Q_DROP_UNNAMED = """
MATCH (d:Document)
WHERE d.source_files IS NOT NULL AND NOT EXISTS { (:VbgraphFile)-[:SOURCE_OF]->(d) }
WITH d LIMIT $limit
DETACH DELETE d
"""

# Files an interrupted load cleared (digest null) and never finished.
Q_UNFINISHED_FILES = """
MATCH (f:VbgraphFile) WHERE f.digest IS NULL
RETURN f.doc AS doc
"""

Q_DROP_FILES = """
UNWIND $docs AS doc
MATCH (f:VbgraphFile {doc: doc})
DETACH DELETE f
"""

Q_RECOUNT = """
UNWIND $keys AS key
MATCH (d:Document {key: key})
CALL (d) {
  MATCH (f:VbgraphFile)-[s:SOURCE_OF]->(d)
  WITH f, s ORDER BY f.doc
  RETURN collect(f.doc) AS docs, sum(s.cited) AS cited
}
SET d.source_files = docs, d.cited = cited
"""


def _rel_query(rtype: str) -> str:
    assert rtype in RELATIONS, rtype
    return f"""
UNWIND $rows AS row
MATCH (a:Document {{key: row.source}})
MATCH (b:Document {{key: row.target}})
MERGE (a)-[r:{rtype}]->(b)
WITH r, row, [i IN range(0, size(coalesce(r.files, [])) - 1) WHERE NOT r.files[i] IN row.docs] AS keep
SET {_evidence_sets("keep", "row")}
WITH r WHERE size(keep) > 0
WITH r, COLLECT {{ UNWIND range(0, size(r.files) - 1) AS i RETURN i ORDER BY r.files[i], i }} AS ix
SET {_evidence_sets("ix", reorder=True)}
"""


Q_REL = {t: _rel_query(t) for t in RELATIONS}


def _record(db: Neo4jGraph, query: str, **params) -> None:
    """Write the record of work in progress (kept out of a load's counters)."""
    with translate_errors(db.uri), db.driver.session(database=db.database) as s:
        s.execute_write(lambda tx: tx.run(query, params).consume())


def _chunks(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


@dataclass
class _Plan:
    """What a graph contributes, file by file."""
    files: dict[str, dict]                       # doc → file entry
    node_files: dict[str, list[str]]              # key → files naming it (sorted)
    file_nodes: dict[str, list[str]]              # doc → keys it names (sorted)
    shares: dict[str, dict[str, int]]             # key → {file: share of cited}
    # doc → [(u, v, rel, the evidence it gave)]: an Evidence over the file's rows (dicts
    # only when read) or, for evidence given as dicts, a list of them
    edges_by_file: dict[str, list[tuple]]
    counts: dict[str, list[int]]                  # doc → [unresolved, incomplete]


def _rows_plan(tables: EvidenceTables) -> bool:
    """Whether evidence over *tables* can be planned from its rows: not when a catalogue
    row's source gives another ``file`` or ``span`` than the row's, as only its dict tells."""
    return not any("file" in s or "span" in s for s in tables.sources.values())


def _by_file(ev, plain: bool) -> list[tuple]:
    """``(doc, the evidence it gave, its spans)`` for each file giving some of *ev*, in the
    order they first do; from *ev*'s rows if *plain* (see :func:`_rows_plan`), else its dicts."""
    groups: dict[str, list] = {}
    if plain:
        names = ev.tables.files
        for r in ev.rows:
            groups.setdefault(names[r[0]], []).append(r)
        return [(doc, ev if len(groups) == 1 else Evidence(ev.tables, mine), [(r[1], r[2]) for r in mine])
                for doc, mine in groups.items()]
    for e in ev[:]:  # dicts, also from an Evidence (the digest is of their JSON)
        groups.setdefault(e["file"], []).append(e)
    return [(doc, mine, [tuple(e["span"]) for e in mine]) for doc, mine in groups.items()]


def _distinct(spans: tuple | list | set) -> int:
    """How many spans a file gave of a document (see ``spans`` in :func:`_plan`)."""
    return len(spans) if spans.__class__ is set or len(spans) < 2 else len(set(spans))


@paused_gc(freeze=False)  # millions of tuples: no use scanning the graph for cycles
def _plan(G: nx.MultiDiGraph) -> _Plan:
    files = {f["doc"]: f for f in G.graph.get("files", [])}
    node_files: dict[str, set[str]] = defaultdict(set)
    # cited key → file → the spans it gave: the first edge's as given, a set once a second
    # edge from that file adds to them (most files state one relation to a document)
    spans: dict[str, dict[str, tuple | list | set]] = defaultdict(dict)
    edges_by_file: dict[str, list[tuple]] = defaultdict(list)
    rows_plan: dict[EvidenceTables, bool] = {}
    for doc, f in files.items():
        if f.get("key") in G:
            node_files[f["key"]].add(doc)
    # One pass over the edges, through the raw adjacency dicts, reading evidence as rows:
    # at a million edges, each further pass or view, or a dict a mention, costs seconds.
    for u, targets in G.adjacency():
        named_u = node_files[u]
        for v, keyed in targets.items():
            cited, named_v = spans[v], node_files[v]
            for rel, d in keyed.items():
                ev = d["evidence"]
                plain = ev.__class__ is Evidence and rows_plan.get(ev.tables)
                if plain is None:
                    plain = rows_plan[ev.tables] = _rows_plan(ev.tables)
                if plain and len(rows := ev.rows) == 1:  # most edges: one mention
                    r = rows[0]
                    by_file = ((ev.tables.files[r[0]], ev, ((r[1], r[2]),)),)
                else:
                    by_file = _by_file(ev, plain)
                for doc, mine, given in by_file:
                    if doc not in files:  # a file that states an edge is a file, listed or not
                        files[doc] = {"doc": doc, "sha256": None}
                    had = cited.get(doc)
                    if had is None:
                        cited[doc] = given
                    elif had.__class__ is set:
                        had.update(given)
                    else:
                        cited[doc] = {*had, *given}
                    named_u.add(doc)
                    named_v.add(doc)
                    edges_by_file[doc].append((u, v, rel, mine))
    for key in G.nodes:  # named by no file (a graph not built from files): kept together
        if not node_files.get(key):
            node_files[key].add(UNATTRIBUTED)
            files.setdefault(UNATTRIBUTED, {"doc": UNATTRIBUTED, "sha256": None})
    file_nodes: dict[str, set[str]] = defaultdict(set)
    for key, docs in node_files.items():
        for doc in docs:
            file_nodes[doc].add(key)
    shares: dict[str, dict[str, int]] = {}
    for key, docs in node_files.items():
        # A file's share of the document's mentions: the mentions it gave as evidence; the
        # first file takes the difference from ``cited`` (mentions that are evidence of no
        # edge), so the shares add up to ``cited`` and one file's share does not move when
        # another file comes or goes (its digest, hence whether it is reloaded, stays).
        docs = sorted(docs)
        given = spans[key]
        share = {doc: _distinct(given.get(doc, ())) for doc in docs}
        share[docs[0]] += int(G.nodes[key].get("cited") or 0) - sum(share.values())
        shares[key] = share
    counts = {doc: [0, 0] for doc in files}
    for i, kind in enumerate(("unresolved", "incomplete")):
        for item in G.graph.get(kind, []):
            if item.get("file") in counts:
                counts[item["file"]][i] += 1
    return _Plan(files, {k: sorted(v) for k, v in node_files.items()}, {d: sorted(v) for d, v in file_nodes.items()},
                 shares, edges_by_file, counts)


def _node_props(G: nx.MultiDiGraph, key: str) -> dict:
    n = G.nodes[key]
    props = {f: n.get(f) for f in NODE_FIELDS}
    for f in ("seen", "ambiguous"):
        props[f] = bool(props[f]) if props[f] is not None else None
    if props["seen"] is None:
        props["seen"] = False
    props["number_fold"] = fold_number(n["number"]) if n.get("number") else None
    props["spellings"] = list(n["spellings"]) if n.get("spellings") else None
    props["spelling_folds"] = [fold_number(x) for x in n["spellings"]] if n.get("spellings") else None
    props["title_fold"] = fold_title(n["title"]) if n.get("title") else None
    return props


#: json.dumps(value, ensure_ascii=False, sort_keys=True, default=str), made once
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def _json(value) -> bytes:
    """``json.dumps(value)`` as a digest hashes it (sorted keys, no ASCII escapes, UTF-8);
    a string straight through the C function json.dumps uses for one."""
    return (encode_basestring(value) if value.__class__ is str else _JSON.encode(value)).encode("utf-8")


#: An evidence dict's JSON with sorted keys: cue, file, sentence, span, surface.
_MENTION = b'{"cue": %b, "file": %b, "sentence": %b, "span": [%d, %d], "surface": %b}'


class _EdgeJSON:
    """The JSON of a file's edge ``[u, v, rel, evidence]`` as :func:`_digests` hashes it,
    written from the node keys and the strings of the evidence tables, each encoded once,
    without a dict a mention.  A catalogue row's mention (with its ``line``, ``url``…) and
    evidence given as dicts are dumped as they are."""

    def __init__(self, keys: dict[str, bytes]) -> None:
        self.keys = keys
        self._rels: dict[str, bytes] = {}
        self._encoded: dict[EvidenceTables, tuple] = {}
        self._last: tuple = (None, ())  # the tables read last and their encoding: a graph has one set, or a few

    def __call__(self, u: str, v: str, rel: str, ev) -> bytes:
        head = (self.keys[u], self.keys[v], self._rels.get(rel) or self._rels.setdefault(rel, _json(rel)))
        if ev.__class__ is not Evidence:
            return b"[%b, %b, %b, %b]" % (*head, _json(ev))
        t, encoded = self._last
        if ev.tables is not t:
            t = ev.tables
            encoded = self._encoded.get(t)
            if encoded is None:
                encoded = self._encoded[t] = (
                    *([_json(x) for x in table] for table in (t.files, t.sentences, t.cues, t.surfaces)),
                    {i for i, f in enumerate(t.files) if f in t.sources})
            self._last = t, encoded
        files, sentences, cues, surfaces, sourced = encoded
        mentions = []
        for i, r in enumerate(ev.rows):
            if r[0] in sourced or not type(r[1]) is type(r[2]) is int:
                # a catalogue row's mention (its line, url…), or a span %d would not write
                # as json.dumps does: its dict, as it is
                mentions.append(_json(ev[i]))
            else:
                mentions.append(_MENTION % (cues[r[4]], files[r[0]], sentences[r[3]], r[1], r[2], surfaces[r[5]]))
        return b"[%b, %b, %b, [%b]]" % (*head, b", ".join(mentions))


@paused_gc(freeze=False)
def _digests(G: nx.MultiDiGraph, plan: _Plan, props: dict[str, dict] | None = None) -> dict[str, str]:
    """What each file contributes to the graph, hashed: its edges and evidence, the
    documents it names and its share of their mentions, its own document's properties.
    (The properties of a document it only cites come from the files that name it: when one
    of those changes, that file's reload rewrites them.)  *props*: :func:`_node_props` of
    the documents, when the caller has them already.

    What is hashed is the text ``json.dumps([sha256, key, counts, nodes, sorted edges],
    ensure_ascii=False, sort_keys=True, default=str)`` gives, so that the databases loaded
    before keep their digests; it is written from pieces encoded once (:class:`_EdgeJSON`),
    as dumping a million mentions one dict at a time costs seconds.
    """
    props = props if props is not None else {}
    keys = {k: _json(k) for k in G}
    edge, shares = _EdgeJSON(keys), plan.shares
    by_edge = itemgetter(0, 1, 2)
    digests = {}
    for doc, f in plan.files.items():
        own = f.get("key")
        nodes = [b"[%b, %d, %b]" % (keys[k], shares[k].get(doc, 0),
                                    _json(props.get(k) or _node_props(G, k)) if k == own or doc == UNATTRIBUTED else b"null")
                 for k in plan.file_nodes.get(doc, ())]
        h = hashlib.sha256(b"[%b, %b, [%d, %d], [%b], [" % (_json(f.get("sha256")), _json(own), *plan.counts[doc],
                                                              b", ".join(nodes)))
        h.update(b", ".join([edge(u, v, rel, ev) for u, v, rel, ev in sorted(plan.edges_by_file.get(doc, ()), key=by_edge)]))
        h.update(b"]]")
        digests[doc] = h.hexdigest()
    return digests


def _evidence_lists(evidence: list[dict], docs: set[str]) -> dict:
    ev = [e for e in evidence if e["file"] in docs]
    return {"files": [e["file"] for e in ev],
            "spans": [f"{e['span'][0]}:{e['span'][1]}" for e in ev],
            "sentences": [e.get("sentence") or "" for e in ev],
            "cues": [e.get("cue") or "" for e in ev],
            "surfaces": [e.get("surface") or "" for e in ev]}


def load_graph(driver, G: nx.MultiDiGraph, *, database: str = DEFAULT_DATABASE, batch_size: int = 1000,
               prune: bool = False, progress: Callable[[str, int, int], None] | None = None) -> LoadSummary:
    """Load *G* into Neo4j: only the files that changed since the last load.

    Parameters
    ----------
    driver : neo4j.Driver or Neo4jGraph
    G : MultiDiGraph
        From :func:`graph.model.build_graph` or :func:`graph.store.load`.
    database : str
    batch_size : int
        Rows per transaction.
    prune : bool
        Also remove the files loaded earlier that *G* no longer holds (their evidence, and
        the documents only they named), so the database mirrors *G*.  Off by default: a
        shared database may hold graphs loaded from several corpora.
    progress : callable, optional
        Called as ``progress(stage, done, total)`` before a stage's first batch and after
        each batch.

    Returns
    -------
    LoadSummary
        Documents and relationships created, updated, deleted; files loaded and skipped;
        ``counters``: every write's counters added up.
    """
    from . import lineage  # which reads this module's schema

    db = driver if isinstance(driver, Neo4jGraph) else Neo4jGraph(driver, database)
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    summary = LoadSummary()
    report = progress or (lambda stage, done, total: None)
    ensure_schema(db)
    unfinished = db.read(Q_STATE)
    if unfinished and unfinished[0]["operation"] == "wipe":
        wiped = wipe(db, batch_size=max(batch_size, 1000))
        summary.repaired.append(f"an unfinished wipe of {unfinished[0]['started']} ({wiped:,} nodes deleted)")
        unfinished = []
    plan = _plan(G)
    digests = _digests(G, plan)

    def write(query: str, rows, **params):
        def work(tx):
            result = tx.run(query, rows=rows, **params)
            data = [r.data() for r in result]
            return data, result.consume().counters
        with translate_errors(db.uri), db.driver.session(database=db.database) as s:
            data, counters = s.execute_write(work)
        summary.add(counters)
        return data, counters

    # 1. Which files changed.
    docs = sorted(plan.files)
    stored = {}
    for chunk in _chunks(docs, max(batch_size, 1000)):
        for r in db.read(Q_FILES_STATE, docs=chunk):
            stored[r["doc"]] = r
    changed = [d for d in docs if (stored.get(d) or {}).get("sha256") != plan.files[d].get("sha256")
               or (stored.get(d) or {}).get("digest") != digests[d]]
    summary.files_loaded, summary.files_unchanged = len(changed), len(docs) - len(changed)
    # A pruned file goes through the same strip as a changed one, contributing nothing after.
    pruned = sorted({r["doc"] for r in db.read(Q_ALL_FILES)} - set(docs)) if prune else []
    if unfinished:
        # What an interrupted load left half-written of files this graph does not hold can
        # never be finished: it goes, like a pruned file.
        broken = sorted({r["doc"] for r in db.read(Q_UNFINISHED_FILES)} - set(docs) - set(pruned))
        summary.repaired.append(f"an unfinished load of {unfinished[0]['started']}"
                                + (f" ({len(broken)} half-written files of another graph removed)" if broken else ""))
        pruned = sorted(set(pruned) | set(broken))
    summary.files_pruned = len(pruned)
    moved = [{"doc": d, "props": {"path": plan.files[d].get("path")}} for d in docs
             if d in stored and d not in changed and stored[d].get("path") != plan.files[d].get("path")]
    for chunk in _chunks(moved, batch_size):  # the same file read from elsewhere
        write(Q_FINISH_FILES, chunk)
    if not changed and not pruned and not unfinished:
        # Nothing changed, but a database loaded before lineage was kept gets it now.
        summary.lineage = lineage.sync_recorded(db, G, len(plan.files), changed=False)
        return summary
    changed_set = set(changed)
    _record(db, Q_BEGIN, operation="load")

    # 2. Mark the changed and pruned files in progress, then strip what they stated before.
    for chunk in _chunks([{"doc": d} for d in changed + pruned], batch_size):
        write(Q_MERGE_FILES, chunk)
    stripped: set[str] = set()
    reloaded = [d for d in changed if d in stored] + pruned
    file_batch = max(1, batch_size // 50)  # a file states tens of relationships
    for i, chunk in enumerate(_chunks(reloaded, file_batch)):
        _, c = write(Q_STRIP_RELS, None, docs=chunk)
        summary.relationships_deleted += c.relationships_deleted
        data, _ = write(Q_STRIP_SOURCES, None, docs=chunk)
        stripped.update(r["key"] for r in data)
        report("stripping", min((i + 1) * file_batch, len(reloaded)), len(reloaded))

    # 3. Documents.
    keys = sorted({k for d in changed for k in plan.file_nodes.get(d, ())} | (stripped & set(G.nodes)))
    own = {f["key"] for f in plan.files.values() if f.get("key") in G}
    rows = []
    for k in keys:
        srcs = [d for d in plan.node_files.get(k, ()) if d in changed_set]
        rows.append({"key": k, "props": _node_props(G, k), "own": k in own, "source_docs": srcs,
                     "source_cited": [plan.shares[k].get(d, 0) for d in srcs],
                     "files_naming": len(plan.node_files.get(k, ()))})
    done = 0
    report("documents", 0, len(rows))
    for chunk in _chunks(rows, batch_size):
        _, c = write(Q_MERGE_DOCS, chunk)
        summary.nodes_created += c.nodes_created
        summary.nodes_updated += len(chunk) - c.nodes_created
        done += len(chunk)
        report("documents", done, len(rows))

    # 4. Relationships, one query per type.
    by_type: dict[str, list[dict]] = defaultdict(list)
    seen_edges = set()
    for d in changed:
        for u, v, rel, _ in plan.edges_by_file.get(d, ()):
            if (u, v, rel) in seen_edges:
                continue
            seen_edges.add((u, v, rel))
            if rel not in REL_TYPES:
                raise VbgraphError(f"unknown relation {rel!r} on {u} → {v}")
            ev = G.edges[u, v, rel]["evidence"]
            docs_here = {e["file"] for e in ev} & changed_set
            by_type[REL_TYPES[rel]].append({"source": u, "target": v, "docs": sorted(docs_here),
                                            **_evidence_lists(ev, docs_here)})
    total, done = sum(len(r) for r in by_type.values()), 0
    report("relationships", 0, total)
    for rtype in sorted(by_type):
        for chunk in _chunks(by_type[rtype], batch_size):
            _, c = write(Q_REL[rtype], chunk)
            summary.relationships_created += c.relationships_created
            summary.relationships_updated += len(chunk) - c.relationships_created
            done += len(chunk)
            report("relationships", done, total)

    # 5. Documents the reloaded files no longer name; pruned files go.
    gone = sorted(stripped - set(G.nodes))
    for chunk in _chunks(gone, batch_size):
        _, c = write(Q_DROP_ORPHANS, None, keys=chunk)
        summary.nodes_deleted += c.nodes_deleted
        summary.relationships_deleted += c.relationships_deleted
        write(Q_RECOUNT, None, keys=chunk)
    for chunk in _chunks(pruned, batch_size):
        write(Q_DROP_FILES, None, docs=chunk)
    while True:
        _, c = write(Q_DROP_UNNAMED, None, limit=batch_size)
        summary.nodes_deleted += c.nodes_deleted
        summary.relationships_deleted += c.relationships_deleted
        if c.nodes_deleted < batch_size:
            break

    # 6. Done: record each file's digest, so an unchanged file is skipped next time.
    finish = [{"doc": d, "props": {"path": plan.files[d].get("path"), "sha256": plan.files[d].get("sha256"),
                                   "key": plan.files[d].get("key"),
                                   "references": plan.files[d].get("references"),
                                   "unresolved": plan.counts[d][0], "incomplete": plan.counts[d][1],
                                   "digest": digests[d]}} for d in changed]
    for chunk in _chunks(finish, batch_size):
        write(Q_FINISH_FILES, chunk)
    # 7. Each document's lineage, for the queries on hubs, before the load counts as done.
    summary.lineage = lineage.sync(db, G, len(plan.files))
    _record(db, Q_END)
    return summary


def counts(db: Neo4jGraph) -> dict:
    """How many documents, relationships and files the database holds."""
    r = db.read("""
        CALL () { MATCH (d:Document) RETURN count(d) AS documents }
        CALL () { MATCH (:Document)-[r]->(:Document) RETURN count(r) AS relationships }
        CALL () { MATCH (f:VbgraphFile) RETURN count(f) AS files }
        RETURN documents, relationships, files""")
    return r[0]


def wipe(driver, database: str = DEFAULT_DATABASE, *, batch_size: int = 10_000) -> int:
    """Delete vbgraph's nodes (Document, VbgraphFile) and their relationships, in batches.
    Other labels in the database are left alone; constraints and indexes stay.

    The wipe is recorded first and its record deleted last, and the files' records go
    before the documents: a wipe killed midway is finished by the next load (see
    :func:`load_graph`), and what it left is never taken for a loaded graph.

    Returns
    -------
    int
        Nodes deleted.
    """
    db = driver if isinstance(driver, Neo4jGraph) else Neo4jGraph(driver, database)
    deleted = 0
    _record(db, Q_BEGIN, operation="wipe")
    with translate_errors(db.uri), db.driver.session(database=db.database) as s:
        for label in reversed(LABELS):  # relationships first, so that no transaction holds a hub's all
            for q in (f"MATCH (:{label})-[r]-() WITH DISTINCT r LIMIT $n DELETE r",
                      f"MATCH (n:{label}) WITH n LIMIT $n DETACH DELETE n"):
                while True:
                    c = s.run(q, n=batch_size).consume().counters
                    deleted += c.nodes_deleted
                    if c.nodes_deleted + c.relationships_deleted < batch_size:
                        break
    _record(db, Q_END)
    return deleted
