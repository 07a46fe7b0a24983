"""What vbgraph gives Neo4j Browser: a style (GraSS) and ready Cypher for the lineage questions.

Neo4j Browser styles nodes by label, so the loader gives every document the label of its
level (:data:`graph.neo4j.io.LEVEL_LABELS`); the style colours those labels with the
view's colours (:mod:`graph.views.palette`) and captions documents with their number.  The
server started with ``vbgraph neo4j start --browser`` applies the style, and sets the
queries' example parameters, as soon as Browser connects
(``browser.post_connect_cmd``); ``vbgraph neo4j browser --grass`` prints it to drag onto
any other Browser.
"""
from __future__ import annotations

import json

from .io import LEVEL_LABELS, REL_TYPES, SPELLED
from ..views.palette import LEVEL_COLORS, RELATION_COLORS

__all__ = ["EXAMPLE_PARAMS", "QUERIES", "grass", "grass_text", "post_connect_command", "queries_text"]

#: The parameters the ready queries use, with an example from the seeds; change them in
#: Browser with ``:param number => "114-KL/TW"``.
EXAMPLE_PARAMS = {"number": "33/CT-TTg", "plan": "115-KH/TU", "file": "003_55d517ce3ca3e960.txt"}

# The lineage relations (graph.model.LINEAGE_RELATIONS) as a relationship pattern.
_LINEAGE = "IMPLEMENTS|BASED_ON|GUIDES"

#: The ready queries: (what it answers, Cypher).  Parameters as in :data:`EXAMPLE_PARAMS`.
QUERIES: tuple[tuple[str, str], ...] = (
    ("Who implements $number, directly or through a chain (drawn as a graph)",
     f"MATCH p = (:Document)-[:{_LINEAGE}*1..5]->(:Document {{number: $number}}) RETURN p"),
    ("Provinces that implement $number, with their documents",
     f"MATCH (d:Document)-[:{_LINEAGE}*1..5]->(:Document {{number: $number}})\n"
     "WHERE d.place IS NOT NULL\n"
     "RETURN d.place AS province, collect(DISTINCT d.number) AS documents ORDER BY province"),
    ("Coverage gaps: provinces of the graph with no document implementing $number",
     "MATCH (p:Document) WHERE p.place IS NOT NULL\n"
     "WITH collect(DISTINCT p.place) AS places\n"
     "MATCH (c:Document {number: $number})\n"
     "UNWIND places AS province\n"
     f"WITH c, province WHERE NOT EXISTS {{ MATCH (:Document {{place: province}})-[:{_LINEAGE}*1..5]->(c) }}\n"
     "RETURN province ORDER BY province"),
    ("The chain from the plan $plan up to the central documents it rests on",
     f"MATCH p = (:Document {{number: $plan}})-[:{_LINEAGE}*1..6]->(c:Document)\n"
     "WHERE c.level STARTS WITH 'central' RETURN p"),
    ("The evidence of each link into $number: file, sentence, cue",
     "MATCH (a:Document)-[r]->(:Document {number: $number})\n"
     "RETURN a.number AS citing, type(r) AS relation, r.files AS files, r.sentences AS sentences, r.cues AS cues"),
    ("The shortest chain between $plan and $number, either way along the edges",
     "MATCH (a:Document {number: $plan}), (b:Document {number: $number}), p = shortestPath((a)-[*]-(b)) RETURN p"),
    ("The most cited central documents",
     "MATCH (c:Document)<-[r]-() WHERE c.scope = 'central'\n"
     "RETURN c.number AS number, c.kind AS kind, count(r) AS citations ORDER BY citations DESC LIMIT 20"),
    ("Documents per province and level",
     "MATCH (d:Document) WHERE d.place IS NOT NULL\n"
     "RETURN d.place AS province, d.level AS level, count(*) AS documents ORDER BY province, level"),
    ("Amendment, replacement and repeal chains",
     "MATCH p = (:Document)-[:AMENDS|REPLACES|REPEALS*1..]->(:Document) RETURN p LIMIT 50"),
    ("What the file $file contributed",
     "MATCH (:VbgraphFile {doc: $file})-[:SOURCE_OF]->(d:Document)\n"
     "RETURN d.number AS number, d.kind AS kind, d.place AS province"),
    ("Documents issued on a basis already replaced or repealed (vbgraph check: stale_basis)",
     "MATCH (d:Document)-[:IMPLEMENTS|BASED_ON|GUIDES]->(x:Document)<-[:REPLACES|REPEALS]-(r:Document)\n"
     "WHERE r.date < d.date AND r <> d\n"
     "RETURN d.place AS province, d.number AS document, d.date AS date, x.number AS basis, "
     "r.number AS replaced_by, r.date AS replaced_on ORDER BY province, date"),
)


def _darker(color: str, factor: float = 0.75) -> str:
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in rgb)


def grass() -> dict[str, dict[str, str]]:
    """The style as Browser stores it: selector → properties.

    Documents are captioned by their number and coloured by level (the view's colours);
    relationships are coloured by relation and captioned by type.  ``node.Document``
    comes first so that a level's rule, later, wins for the colour.

    Returns
    -------
    dict

    Examples
    --------
    >>> style = grass()
    >>> style["node.CentralState"]["color"], style["node.Document"]["caption"]
    ('#e67e22', '{number}')
    """
    def node(color: str, caption: str) -> dict[str, str]:
        return {"color": color, "border-color": _darker(color), "text-color-internal": "#FFFFFF",
                "caption": caption, "diameter": "55px", "font-size": "10px"}

    # SPELLED before the level labels, whose rules then win: a label without a rule gets a
    # colour of Browser's own, over the level's.
    style = {"node": node(LEVEL_COLORS[None], "{number}"), "node.Document": node(LEVEL_COLORS[None], "{number}"),
             f"node.{SPELLED}": {"caption": "{number}"}, "node.VbgraphFile": node("#bdc3c7", "{doc}")}
    style |= {f"node.{lab}": node(LEVEL_COLORS[level], "{number}") for level, lab in LEVEL_LABELS.items()}
    style |= {f"relationship.{REL_TYPES[rel]}": {"color": color, "shaft-width": "2px", "caption": "<type>",
                                                 "font-size": "8px"}
              for rel, color in RELATION_COLORS.items()}
    return style


def grass_text() -> str:
    """The style as a ``.grass`` file, to drag onto Neo4j Browser or paste after ``:style``.

    Examples
    --------
    >>> grass_text().splitlines()[0]
    'node {'
    """
    return "".join(selector + " {\n" + "".join(f'  {k}: "{v}";\n' if k == "caption" else f"  {k}: {v};\n"
                                                for k, v in props.items()) + "}\n"
                   for selector, props in grass().items())


def post_connect_command() -> str:
    """The value of ``browser.post_connect_cmd``: apply the style and set the example parameters.

    Browser splits the value on ``;`` outside quotes and runs each part as a ``:`` command;
    the style goes as JSON (Browser's ``:style`` takes JSON as well as GraSS), which has no
    ``;`` outside its strings, the parameters as a Cypher map.

    Examples
    --------
    >>> post_connect_command().startswith("style {")
    True
    """
    params = ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in EXAMPLE_PARAMS.items())
    return f"style {json.dumps(grass(), separators=(',', ':'))}; param {{{params}}}"


def queries_text() -> str:
    """The ready queries as one ``.cypher`` text, each after a comment saying what it answers.

    Examples
    --------
    >>> queries_text().startswith("// 1. Who implements $number")
    True
    """
    return "\n".join(f"// {i}. {title}\n{cypher};\n" for i, (title, cypher) in enumerate(QUERIES, 1))
