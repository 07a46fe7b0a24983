"""Every word a page shows a person, in Vietnamese and in English: one table.

The people who read vbgraph's pages (the view, the coverage report and its heat map, an
annotated document) are Vietnamese researchers and compliance officers, so pages speak
Vietnamese unless asked for English (``--lang en``).  Codes a program reads (``data-*``
attributes, CSS classes, JSON and CSV fields, the command line's own output) stay English.

A message is a template with ``{name}`` fields.  Where English needs a singular, the
entry is a pair ``(one, other)`` chosen by the field ``n``; Vietnamese has no plural.
"""
from __future__ import annotations

__all__ = ["DEFAULT_LANG", "LANGS", "MESSAGES", "level_name", "messages_for", "relation_name", "text"]

#: Languages a page can speak, the default first.
LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

Template = str | tuple[str, str]

#: key → (Vietnamese, English).
MESSAGES: dict[str, tuple[Template, Template]] = {
    # Levels (graph/views/layout.TIERS; "unknown" for a level outside them).
    "level.central_party": ("cấp Trung ương (Đảng)", "central party"),
    "level.central_state": ("cấp Trung ương (Nhà nước)", "central state"),
    "level.provincial_party": ("cấp tỉnh (Đảng)", "provincial party"),
    "level.provincial_state": ("cấp tỉnh (chính quyền)", "provincial state"),
    "level.district": ("cấp huyện", "district"),
    "level.unknown": ("chưa rõ cấp", "unknown"),
    # Relations, in the words of DOMAIN.md §4's cues.
    "relation.based_on": ("căn cứ", "based_on"),
    "relation.implements": ("thực hiện", "implements"),
    "relation.guides": ("hướng dẫn", "guides"),
    "relation.amends": ("sửa đổi, bổ sung", "amends"),
    "relation.replaces": ("thay thế", "replaces"),
    "relation.repeals": ("bãi bỏ", "repeals"),
    "relation.reports_on": ("báo cáo", "reports_on"),
    "relation.cites": ("trích dẫn", "cites"),
    # Document fields, as a tooltip, a note or a header names them.
    "field.file": ("tệp", "file"),
    "field.number": ("số hiệu", "number"),
    "field.title": ("tên", "title"),
    "field.kind": ("loại văn bản", "kind"),
    "field.date": ("ngày", "date"),
    "field.issuer": ("cơ quan ban hành", "issuer"),
    "field.level": ("cấp", "level"),
    "field.province": ("tỉnh/thành", "province"),
    "field.subject": ("trích yếu", "subject"),
    "field.key": ("khóa định danh", "key"),
    "field.source": ("nguồn", "source"),
    # The view (graph/views/render.py, graph/views/assets/view.js).
    "view.cited": ("được trích dẫn {n} lần", ("cited {n} time", "cited {n} times")),
    "view.search_placeholder": ("Tìm số hiệu, ví dụ 33/CT-TTg", "Find a number, e.g. 33/CT-TTg"),
    "view.find": ("Tìm", "Find"),
    "view.all_documents": ("tất cả văn bản", "all documents"),
    "view.level": ("Cấp", "Level"),
    "view.kind": ("Loại văn bản", "Kind"),
    "view.no_kind": ("(không rõ loại)", "(no kind)"),
    "view.province": ("Tỉnh/thành", "Province"),
    "view.province_note": ("không chọn: tất cả; văn bản không gắn tỉnh/thành luôn hiện",
                           "none selected: all; documents without a province always show"),
    "view.year": ("Năm", "Year"),
    "view.year_to": ("đến", "to"),
    "view.undated": ("văn bản không rõ ngày", "undated documents"),
    "view.reset": ("Hiện tất cả", "Show everything"),
    "view.fit_all": ("Xem toàn bộ đồ thị", "Fit the whole graph"),
    "view.zoomed": ("Đã phóng to để đọc được nhãn; bấm “Xem toàn bộ đồ thị” để thấy tất cả.",
                    "Zoomed in so that labels can be read; “Fit the whole graph” shows everything."),
    "view.legend": ("Chú giải", "Legend"),
    "view.legend_nodes": ("màu: cấp · hình: loại văn bản · cỡ: số lần được trích dẫn",
                          "colour: level · shape: kind · size: times cited"),
    "view.legend_arrow": ("mũi tên: văn bản dẫn → văn bản được dẫn", "arrow: citing → cited"),
    "view.highlighted": ("Đang làm nổi bật: {caption}", "Highlighted: {caption}"),
    "view.centre": ("Văn bản trung tâm: {label}", "Centre: {label}"),
    "view.count": ("Hiện {shown}/{n} văn bản, {edges_shown}/{edges} liên kết",
                   ("{shown} of {n} document, {edges_shown} of {edges} edges shown",
                    "{shown} of {n} documents, {edges_shown} of {edges} edges shown")),
    "view.not_found": ("không tìm thấy: {query}", "not found: {query}"),
    "view.hidden": ("{names}: đang bị bộ lọc ẩn", ("{names} is hidden by the filters",
                                                   "{names} are hidden by the filters")),
    "view.ambiguous": ("{query}: số hiệu này ứng với {n} văn bản: {names}; thêm @năm để chọn một",
                       "{query} is ambiguous: it names {n} documents: {names}; add @year to pick one"),
    "view.found_one": ("tìm thấy {names}", "found {names}"),
    "view.found_many": ("{n} văn bản: {names}", "{n} documents: {names}"),
    # The overview and focused view of a large graph (graph/views/overview_page.py, assets/overview.js).
    "overview.intro": ("Tổng quan {documents} văn bản: {n} văn bản Trung ương được thực hiện nhiều nhất, "
                       "dưới mỗi văn bản là các tỉnh/thành thực hiện nó.",
                       "Overview of {documents} documents: the {n} most implemented central documents, "
                       "each with the provinces that implement it."),
    "overview.focus_intro": ("{label}: phía trên là các văn bản nó căn cứ, phía dưới là các văn bản thực hiện nó "
                             "theo tỉnh/thành.",
                             "{label}: what it rests on above, who implements it below, by province."),
    "overview.no_province": ("không thuộc tỉnh nào", "no province"),
    "overview.former": ("gồm {places} cũ", "former {places}"),
    "overview.cluster_count": ("{count} văn bản thực hiện {anchor}",
                               ("{count} document implements {anchor}", "{count} documents implement {anchor}")),
    "overview.click_open": ("bấm để mở: {n} văn bản cùng chuỗi dẫn chiếu",
                            ("click to open: {n} document with its chain", "click to open: {n} documents with their chains")),
    "overview.anchor_summary": ("{count} văn bản · {places} tỉnh", "documents {count} · provinces {places}"),
    "overview.more_provinces": ("+{n} tỉnh/thành\n{count} văn bản",
                                ("+{n} province\n{count} in all", "+{n} provinces\n{count} in all")),
    "overview.more_provinces_tip": ("bấm để vẽ cả {n} tỉnh/thành:", ("click to draw it:", "click to draw all {n}:")),
    "overview.more_central": ("+{n} văn bản Trung ương khác",
                              ("+{n} other central document", "+{n} other central documents")),
    "overview.more_central_tip": ("ít văn bản thực hiện hơn; tìm số hiệu, hoặc vbgraph view --focus <số hiệu>:",
                                  "fewer implementing documents; search a number, or vbgraph view --focus <number>:"),
    "overview.back": ("← Quay lại", "← Back"),
    "overview.legend_cluster": ("nhóm tỉnh/thành: số văn bản thực hiện", "province cluster: implementing documents"),
    "overview.legend_width": ("độ dày: số văn bản thực hiện", "width: number of implementing documents"),
    "overview.legend_click": ("bấm vào một nhóm để xem các văn bản và chuỗi dẫn chiếu",
                              "click a cluster to see its documents and their chains"),
    "overview.how_all": ("Trang tổng quan vì đồ thị lớn; vbgraph view --all vẽ từng văn bản.",
                         "An overview because the graph is large; vbgraph view --all draws every document."),
    "overview.count": ("Đang vẽ {n} nút cho {documents} văn bản",
                       ("{n} node drawn for {documents} documents", "{n} nodes drawn for {documents} documents")),
    "overview.mode_group": ("{anchor}: {n} tỉnh/thành có văn bản thực hiện",
                            ("{anchor}: {n} province with implementing documents",
                             "{anchor}: {n} provinces with implementing documents")),
    "overview.mode_cluster": ("{province}: {count} văn bản thực hiện {anchor}; đang vẽ {shown}",
                              ("{province}: {count} document implements {anchor}; {shown} drawn",
                               "{province}: {count} documents implement {anchor}; {shown} drawn")),
    "overview.more_members": ("+{count} văn bản khác", ("+{count} more document", "+{count} more documents")),
    "overview.more_members_tip": ("xem tất cả: vbgraph implementers {anchor} --province \"{province}\"",
                                  "all of them: vbgraph implementers {anchor} --province \"{province}\""),
    "overview.not_drawn": ("{names}: không vẽ trên trang này; vbgraph view --focus <số hiệu> vẽ văn bản quanh nó",
                           ("{names} is not drawn on this page; vbgraph view --focus <number> draws it",
                            "{names} are not drawn on this page; vbgraph view --focus <number> draws them")),
    # Highlighted chains (graph/views/chain.py).
    "chain.trace_up": ("truy ngược lên từ {root}: {n} văn bản",
                       ("trace up from {root}: {n} document", "trace up from {root}: {n} documents")),
    "chain.trace_down": ("truy xuống từ {root}: {n} văn bản",
                         ("trace down from {root}: {n} document", "trace down from {root}: {n} documents")),
    "chain.path": ("đường nối {source} → {target}: {n} bước",
                   ("path {source} → {target}: {n} hop", "path {source} → {target}: {n} hops")),
    "chain.path_same": ("đường nối {source}: 0 bước", "path {source}: 0 hops"),
    "chain.hop_forward": ("{source} —{relation}→ {target}", "{source} —{relation}→ {target}"),
    "chain.hop_backward": ("{source} ←{relation}— {target} (ngược chiều mũi tên: {target} {relation} {source})",
                           "{source} ←{relation}— {target} (against the arrow: {target} {relation} {source})"),
    "chain.evidence": ("dẫn chứng: {evidence}", "evidence: {evidence}"),
    "chain.no_evidence": ("không có câu dẫn chứng", "no sentence states it"),
    # The coverage report and its heat map (graph/views/coverage_report.py).
    "coverage.title": ("Mức độ triển khai: {directives}", "Coverage: {directives}"),
    "coverage.gap": ("— chưa có văn bản triển khai —", "— gap —"),
    "coverage.intro": ("{rows} tỉnh/thành × {cols} văn bản chỉ đạo: {gaps}/{cells} ô chưa có văn bản triển khai.",
                       "{rows} provinces × {cols} directives: {gaps} of {cells} cells have no implementing document."),
    "coverage.gaps_heading": ("Tỉnh/thành chưa triển khai, theo văn bản chỉ đạo", "Gaps per directive"),
    "coverage.table_heading": ("Văn bản chỉ đạo × tỉnh/thành", "Directives × provinces"),
    "coverage.directive": ("văn bản chỉ đạo", "directive"),
    "coverage.with_document": ("tỉnh/thành đã có văn bản", "provinces with a document"),
    "coverage.gaps": ("chưa có", "gaps"),
    "coverage.gap_provinces": ("tỉnh/thành chưa có văn bản triển khai", "gap provinces"),
    "coverage.provinces": ("{n} tỉnh/thành", ("{n} province", "{n} provinces")),
    "coverage.none": ("không có", "none"),
    "coverage.former": ("trước đây thuộc {place}", "former {place}"),
    "coverage.needs_review": ("cần rà soát", "needs review"),
    "view.needs_review": ("cần rà soát: {finding}", "needs review: {finding}"),
    "view.review_legend": ("Rà soát", "Compliance"),
    "view.review_only": ("chỉ văn bản cần rà soát ({n})", "only documents needing review ({n})"),
    "view.review_note": ("căn cứ của văn bản đã bị thay thế hoặc bãi bỏ (vbgraph check); kèm các văn bản trong chuỗi",
                         "their basis was replaced or repealed (vbgraph check); with the documents of their chains"),
    "coverage.only_review": (
        "chỉ {n} văn bản cần rà soát (căn cứ của văn bản đã bị thay thế hoặc bãi bỏ: <code>vbgraph check</code>)",
        ("only the {n} document needing review (its basis was replaced or repealed: <code>vbgraph check</code>)",
         "only the {n} documents needing review (their basis was replaced or repealed: <code>vbgraph check</code>)")),
    "coverage.as_of": ("Tỉnh/thành theo địa giới ngày {day}; văn bản ban hành đến ngày đó.",
                       "Provinces as they stand on {day}, documents issued until then."),
    "coverage.as_of_short": ("tỉnh/thành ngày {day}", "provinces on {day}"),
    "coverage.province": ("tỉnh/thành", "province"),
    "coverage.covered": ("đã triển khai", "covered"),
    "coverage.colorbar": ("số văn bản triển khai", "implementing documents"),
    "coverage.gap_legend": ("0: chưa có văn bản triển khai", "0: gap, no implementing document"),
    # An annotated document (graph/views/annotate.py).
    "annotate.title": ("{doc}: các dẫn chiếu", "{doc}: references"),
    "annotate.marks": ("đánh dấu: {n}", "marks: {n}"),
    "annotate.referred": ("văn bản được dẫn: {n}", "documents referred to: {n}"),
    "annotate.links": ("liên kết giữa các văn bản đó: {n}", "links between them: {n}"),
    "annotate.relation": ("quan hệ", "relation"),
    "annotate.status": ("trạng thái", "status"),
    "annotate.nested_note": ("↳ = nêu trong phần mô tả của một dẫn chiếu khác",
                             "↳ = stated inside another reference"),
    "annotate.relation_line": ("quan hệ: {relation}", "relation: {relation}"),
    "annotate.nested": ("{relation}, nêu trong phần mô tả của {ref}", "{relation}, stated in the description of {ref}"),
    "annotate.cue": (" (từ dẫn “{cue}”)", " (cue “{cue}”)"),
    "annotate.resolved_from": ("xác định từ {form}", "resolved from {form}"),
    "annotate.form": ("{form}", "{form}"),
    "form.short": ("số hiệu viết tắt, không có ký hiệu (“Pháp lệnh số 34”)",
                   "a number written without its symbol (“Pháp lệnh số 34”)"),
    "form.kind_code_dropped": ("số hiệu viết thiếu mã loại văn bản (“33/TTg” cho “33/CT-TTg”)",
                               "a number written without its kind code (“33/TTg” for “33/CT-TTg”)"),
    "form.anaphora": ("“nêu trên”: văn bản cùng loại được nêu gần nhất trước đó",
                      "“nêu trên”: the last document of that kind named before"),
    "form.full": ("số hiệu không khớp văn bản nào trong kho", "a number the corpus cannot place"),
    "form.title": ("luật được gọi bằng tên, gắn với số hiệu kho văn bản ghi cùng tên đó",
                   "a law named without its number, joined to the number the corpus writes beside that name"),
    "incomplete.number left blank": ("số hiệu để trống", "number left blank"),
    "status.resolved": ("đã xác định", "resolved"),
    "status.named": ("gọi bằng tên", "named"),
    "status.unplaced": ("chưa rõ tỉnh", "unplaced"),
    "status.ambiguous": ("chưa phân định", "ambiguous"),
    "status.unresolved": ("chưa tìm thấy", "unresolved"),
    "status.self": ("chính văn bản này", "self"),
    "status.incomplete": ("thiếu số hiệu", "incomplete"),
    "status.resolved.why": ("xác định được đúng một văn bản", "resolved to one document"),
    "status.named.why": ("văn bản được gọi bằng tên, không có số hiệu (định danh theo tên)",
                         "a document named without a number (identity by title)"),
    "status.unplaced.why": ("số hiệu của địa phương nhưng không rõ tỉnh: tách riêng khỏi mọi văn bản đã rõ tỉnh",
                            "a local number whose province is unknown: kept apart from every placed one"),
    "status.ambiguous.why": ("không ghi ngày, và số hiệu ứng với nhiều văn bản: không gộp",
                             "undated, and the number names several documents: not merged"),
    "status.unresolved.why": ("không khớp văn bản nào trong kho", "matches no document the corpus knows"),
    "status.self.why": ("văn bản tự nêu số hiệu của mình", "the document naming itself"),
    "status.incomplete.why": ("dẫn chiếu để trống số hiệu", "a reference whose number was left blank"),
}


def _check(lang: str) -> int:
    try:
        return LANGS.index(lang)
    except ValueError:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGS)}") from None


def text(key: str, lang: str = DEFAULT_LANG, /, **values) -> str:
    """The message *key* in *lang*, its ``{fields}`` filled from *values*.

    Parameters
    ----------
    key : str
        A key of :data:`MESSAGES`.
    lang : {"vi", "en"}
    **values
        The template's fields; ``n`` also chooses between an English singular and plural.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For a language outside :data:`LANGS`.

    Examples
    --------
    >>> text("view.cited", "en", n=1), text("view.cited", "en", n=3), text("view.cited", "vi", n=3)
    ('cited 1 time', 'cited 3 times', 'được trích dẫn 3 lần')
    """
    template = MESSAGES[key][_check(lang)]
    if isinstance(template, tuple):
        template = template[0] if values.get("n") == 1 else template[1]
    return template.format(**values) if values else template


def level_name(level: str | None, lang: str = DEFAULT_LANG) -> str:
    """The name of a level; any level outside the known ones is "unknown".

    Examples
    --------
    >>> level_name("central_state", "vi"), level_name(None, "en")
    ('cấp Trung ương (Nhà nước)', 'unknown')
    """
    key = f"level.{level}"
    return text(key if key in MESSAGES else "level.unknown", lang)


def relation_name(relation: str, lang: str = DEFAULT_LANG) -> str:
    """The name of a relation; an unknown one is shown as it is.

    Examples
    --------
    >>> relation_name("implements", "vi"), relation_name("implements", "en")
    ('thực hiện', 'implements')
    """
    key = f"relation.{relation}"
    return text(key, lang) if key in MESSAGES else relation


def messages_for(prefix: str, lang: str = DEFAULT_LANG) -> dict[str, Template]:
    """The raw templates under ``prefix.`` in *lang*, for a page's script to fill in.

    Examples
    --------
    >>> messages_for("view", "en")["not_found"]
    'not found: {query}'
    """
    i = _check(lang)
    return {k[len(prefix) + 1:]: v[i] for k, v in MESSAGES.items() if k.startswith(prefix + ".")}
