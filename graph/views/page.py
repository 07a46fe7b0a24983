"""One offline HTML file from a pyvis network: the shell every graph page shares.

pyvis writes vis-network inline but adds CDN tags unconditionally; they are removed, and
the page's own style and scripts (``graph/views/assets``) are inlined, so the page makes
no request.
"""
from __future__ import annotations

import html
import json
from importlib.resources import files
from pathlib import Path

import regex
from pyvis.network import Network

from ..store import atomic_write_text

_CDN_TAG = regex.compile(r"<(?:link|script)[^>]*https?://[^>]*>\s*(?:</script>)?", regex.IGNORECASE)
# pyvis writes an empty <h1> twice (its "heading"), which only pushes the canvas down, and a
# commented-out pair of tags pointing at ../node_modules.
_TEMPLATE_LEFTOVERS = regex.compile(r"<center>\s*<h1>\s*</h1>\s*</center>|<!--\s*<link[^>]*node_modules.*?-->", regex.S)


def script_json(value) -> str:
    """JSON that cannot close the <script> element it sits in.

    Examples
    --------
    >>> print(script_json({"a": "</script>"}))
    {"a":"\\u003c/script\\u003e"}
    """
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def write_page(net: Network, path: Path, *, title: str, lang: str, panel: str, config: dict,
               scripts: tuple[str, ...]) -> Path:
    """Write *net* as one offline page (atomically): the side *panel* beside the drawing,
    *config* as ``window.VBGRAPH_VIEW``, then the named scripts of ``graph/views/assets``.

    Parameters
    ----------
    net : Network
        The pyvis network, its nodes, edges and options set.
    path : Path
    title : str
        The page's title (escaped here).
    lang : str
        The page's language, for ``<html lang>``.
    panel : str
        HTML of the side panel.
    config : dict
        What the scripts read.
    scripts : tuple of str
        Asset file names, inlined in this order.

    Returns
    -------
    Path
        *path*.
    """
    assets = files("graph.views") / "assets"
    page = _TEMPLATE_LEFTOVERS.sub("", _CDN_TAG.sub("", net.generate_html()))
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    page = page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
    page = page.replace("</head>", f"<style>{assets.joinpath('view.css').read_text(encoding='utf-8')}</style></head>", 1)
    page = page.replace("<body>", "<body>" + panel, 1)
    script = f"<script>window.VBGRAPH_VIEW = {script_json(config)};</script>" + "".join(
        f"<script>{assets.joinpath(name).read_text(encoding='utf-8')}</script>" for name in scripts)
    end = page.rindex("</body>")
    atomic_write_text(Path(path), page[:end] + script + page[end:])
    return Path(path)
