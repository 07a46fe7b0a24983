"""The message table (graph/views/messages.py) and the pages that speak from it, in both languages."""
from __future__ import annotations

import string

import lxml.html
import pytest
from typer.testing import CliRunner

import cli
from graph.views.messages import LANGS, MESSAGES, level_name, messages_for, relation_name, text
from graph.views.layout import TIERS


def _fields(template) -> set[str]:
    parts = template if isinstance(template, tuple) else (template,)
    return {name for part in parts for _, name, _, _ in string.Formatter().parse(part) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key):
    vi, en = MESSAGES[key]
    assert vi and en
    assert not isinstance(vi, tuple), "Vietnamese has no plural"
    # An English plural is chosen by the field n, which neither form need print.
    assert _fields(vi) - {"n"} == _fields(en) - {"n"}, key
    if isinstance(en, tuple):
        assert len(en) == 2 and en[0] != en[1]


# Each row: key, fields, Vietnamese, English.
RENDERED = [
    ("view.cited", {"n": 1}, "được trích dẫn 1 lần", "cited 1 time"),
    ("view.cited", {"n": 2}, "được trích dẫn 2 lần", "cited 2 times"),
    ("coverage.provinces", {"n": 1}, "1 tỉnh/thành", "1 province"),
    ("coverage.provinces", {"n": 63}, "63 tỉnh/thành", "63 provinces"),
    ("coverage.gap", {}, "— chưa có văn bản triển khai —", "— gap —"),
    ("view.level", {}, "Cấp", "Level"),
    ("view.kind", {}, "Loại văn bản", "Kind"),
    ("view.province", {}, "Tỉnh/thành", "Province"),
    ("coverage.with_document", {}, "tỉnh/thành đã có văn bản", "provinces with a document"),
    ("chain.path", {"source": "A", "target": "B", "n": 1}, "đường nối A → B: 1 bước", "path A → B: 1 hop"),
]


@pytest.mark.parametrize(("key", "values", "vi", "en"), RENDERED, ids=[f"{r[0]}-{r[1]}" for r in RENDERED])
def test_text_fills_templates_in_each_language(key, values, vi, en):
    assert (text(key, "vi", **values), text(key, "en", **values)) == (vi, en)


def test_default_language_is_vietnamese_and_unknown_ones_fail():
    assert text("view.reset") == text("view.reset", "vi") == "Hiện tất cả"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        text("view.reset", "fr")


def test_every_level_and_relation_has_a_name_in_each_language():
    from graph.views.palette import RELATION_COLORS

    for lang in LANGS:
        assert len({level_name(t, lang) for t in TIERS}) == len(TIERS)
        assert len({relation_name(r, lang) for r in RELATION_COLORS}) == len(RELATION_COLORS)
    assert level_name("somewhere", "vi") == "chưa rõ cấp" and relation_name("odd", "vi") == "odd"


def test_the_view_script_gets_only_its_own_messages():
    for lang in LANGS:
        assert set(messages_for("view", lang)) == {k[5:] for k in MESSAGES if k.startswith("view.")}


# --------------------------------------------------------------------------- pages

runner = CliRunner()
SEED = "../shared/seeds/003_55d517ce3ca3e960.txt"

# Each row: a language and words its annotated page must show.
ANNOTATE_WORDS = [
    ("vi", ["quan hệ", "trạng thái", "đã xác định", "thực hiện", "số hiệu để trống"]),
    ("en", ["relation", "status", "resolved", "implements", "number left blank"]),
]


@pytest.mark.parametrize(("lang", "words"), ANNOTATE_WORDS, ids=[r[0] for r in ANNOTATE_WORDS])
def test_annotate_page_speaks_the_language_asked_for(seeds_dir, lang, words):
    args = ["--lang", lang] if lang != "vi" else []
    r = runner.invoke(cli.app, ["annotate", str(seeds_dir / "003_55d517ce3ca3e960.txt"), "--from", str(seeds_dir), *args])
    assert r.exit_code == 0, r.output
    tree = lxml.html.fromstring(r.stdout.encode("utf-8"))
    assert tree.get("lang") == lang
    shown = tree.text_content() + " ".join(tree.xpath("//@title | //@data-label"))
    assert all(w in shown for w in words), [w for w in words if w not in shown]
    other = next(x for x in LANGS if x != lang)
    legend = " ".join(el.text_content() for el in tree.find_class("legend"))
    assert text("annotate.status", other) not in legend.split()
    # The codes a program reads stay the same in every language.
    assert {m.get("data-status") for m in tree.xpath("//div[@class='text']//mark")} <= {"resolved", "named", "unplaced", "ambiguous",
                                                                 "unresolved", "self", "incomplete"}


# Each row: a language and the words of its coverage page.
COVERAGE_WORDS = [
    ("vi", ["Mức độ triển khai: 33/CT-TTg", "tỉnh/thành đã có văn bản", "— chưa có văn bản triển khai —",
            "Văn bản chỉ đạo × tỉnh/thành"]),
    ("en", ["Coverage: 33/CT-TTg", "provinces with a document", "— gap —", "Directives × provinces"]),
]


@pytest.mark.parametrize(("lang", "words"), COVERAGE_WORDS, ids=[r[0] for r in COVERAGE_WORDS])
def test_coverage_page_speaks_the_language_asked_for(seeds_dir, lang, words):
    args = ["--lang", lang] if lang != "vi" else []
    r = runner.invoke(cli.app, ["coverage", "33/CT-TTg", "--from", str(seeds_dir), "-f", "html", *args])
    assert r.exit_code == 0, r.output
    tree = lxml.html.fromstring(r.stdout.encode("utf-8"))
    assert tree.get("lang") == lang
    assert all(w in tree.text_content() for w in words), [w for w in words if w not in tree.text_content()]


def test_unknown_language_is_a_usage_error(seeds_dir, tmp_path):
    r = runner.invoke(cli.app, ["view", "--from", str(seeds_dir), "--lang", "fr", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "fr" in r.stderr
    assert not (tmp_path / "x.html").exists()
