"""One exception hierarchy for graph work; messages are one line, fit for a CLI error."""


class VbgraphError(Exception):
    """Base of every error a user can cause (bad file, unknown number, server down)."""


class NodeNotFound(VbgraphError):
    def __init__(self, query: str, suggestions: list[str] | None = None):
        self.query = query
        self.suggestions = suggestions or []
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no document {query!r} in the graph{hint}")


class AmbiguousNode(VbgraphError):
    """*candidates*: spellings that name one document each (``114-KL/TW@2015``);
    *descriptions*: what the message says of each (kind, date, province)."""

    def __init__(self, query: str, candidates: list[str], descriptions: list[str] | None = None):
        self.query = query
        self.candidates = candidates
        listed = ", ".join(f"{c} ({d})" if d else c for c, d in zip(candidates, descriptions or [""] * len(candidates)))
        super().__init__(f"{query!r} is ambiguous: it names {len(candidates)} documents: {listed}; pass one of these")


class GraphFileError(VbgraphError):
    """A graph file that is missing, unreadable or of another format version."""


class OutputError(VbgraphError):
    """An output that cannot be written where it was asked for (no such folder, no permission)."""
