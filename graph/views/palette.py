"""The colours and shapes every view shares (the pyvis page, annotated documents, notebook
plots), kept apart from :mod:`graph.views.render` so that using them does not load pyvis.
Their names, in the reader's language, are in :mod:`graph.views.messages`."""

LEVEL_COLORS = {
    "central_party": "#c0392b", "central_state": "#e67e22", "provincial_party": "#2980b9",
    "provincial_state": "#27ae60", "district": "#8e44ad", None: "#7f8c8d",
}
RELATION_COLORS = {
    "implements": "#27ae60", "based_on": "#2980b9", "guides": "#8e44ad", "amends": "#d35400",
    "replaces": "#c0392b", "repeals": "#7b241c", "reports_on": "#16a085", "cites": "#95a5a6",
}
KIND_SHAPES = {
    "Nghị quyết": "diamond", "Chỉ thị": "triangle", "Kết luận": "square", "Quyết định": "box",
    "Quy định": "box", "Chương trình": "star", "Chương trình hành động": "star",
    "Chương trình phối hợp": "star", "Kế hoạch": "dot", "Thông báo": "triangleDown",
    "Công văn": "ellipse", "Nghị định": "hexagon", "Thông tư": "hexagon", "Pháp lệnh": "hexagon",
    "Luật": "hexagon", "Bộ luật": "hexagon", "Báo cáo": "database",
}
#: How the panel draws each vis-network shape next to a kind.
SHAPE_GLYPHS = {
    "diamond": "◆", "triangle": "▲", "square": "■", "box": "▬", "star": "★", "dot": "●",
    "triangleDown": "▼", "ellipse": "○", "hexagon": "⬢", "database": "⛁",
}
