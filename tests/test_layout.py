"""The layout holds: the imports are read from the source (with `ast`), not trusted.

See `docs/layout.md` for the picture: `knowledge/` never imports Telegram, `bot/` comes in
only through the doors (`knowledge/__init__.py` and the subpackages' `__init__.py`), the
command line never imports Telegram, the engine never imports the evaluation tooling, and no
two modules import each other, however long the way round.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOORS = frozenset(
    {
        "knowledge",
        "knowledge.dialogue",
        "knowledge.evaluation",
        "knowledge.ingest",
        "knowledge.search",
    }
)
KNOWLEDGE_LAYERS = (
    ("knowledge.models",),
    ("knowledge.search",),
    ("knowledge.ingest",),
    ("knowledge.knowledge_base", "knowledge.loading"),
    ("knowledge.dialogue",),
    ("knowledge.evaluation",),
)
"""Lowest first: a module may import only from its own layer or the ones below it."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: str) -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / package).rglob("*.py"))}


ALL = {**modules("knowledge"), **modules("bot")}


def names(statements: list[ast.stmt]) -> list[str]:
    """The modules the import statements among `statements` import: `from a.b import c` gives
    `a.b.c` when that is a module of the project, else `a.b`."""
    found = []
    for node in statements:
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.append(submodule if submodule in ALL else node.module)
    return found


def imported(path: Path) -> list[str]:
    """Every module `path` imports, anywhere in it (in functions too)."""
    return names(list(ast.walk(ast.parse(path.read_text(encoding="utf-8")))))  # type: ignore[arg-type]


def top_level_imports(path: Path) -> list[str]:
    """The project modules `path` imports as it is itself imported: its top-level imports and
    those under a top-level `if` (such as `if TYPE_CHECKING:`), not those in functions."""
    statements: list[ast.stmt] = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        statements += node.body if isinstance(node, ast.If) else [node]
    return [m for m in names(statements) if m in ALL]


def test_the_layout_reads_the_whole_tree() -> None:
    assert {"knowledge.search.index", "knowledge.dialogue.reply", "bot.telegram.app"} <= set(ALL)
    assert "knowledge.dialogue.suggestions" in imported(ALL["knowledge.dialogue.reply"])


def test_knowledge_never_imports_telegram() -> None:
    offending = {
        name: found
        for name, path in modules("knowledge").items()
        if (found := [m for m in imported(path) if m.split(".")[0] == "telegram"])
    }
    assert offending == {}


def test_bot_imports_knowledge_only_through_its_doors() -> None:
    offending = {
        name: found
        for name, path in modules("bot").items()
        if (found := [m for m in imported(path) if m.startswith("knowledge") and m not in DOORS])
    }
    assert offending == {}


def test_command_line_never_imports_telegram() -> None:
    offending = {
        name: found
        for name, path in modules("bot").items()
        if name.startswith("bot.cli")
        if (found := [m for m in imported(path) if m.startswith(("telegram", "bot.telegram"))])
    }
    assert offending == {}


def test_engine_never_imports_the_evaluation_tooling() -> None:
    offending = {
        name: found
        for name, path in modules("knowledge").items()
        if not name.startswith("knowledge.evaluation") and name != "knowledge"
        if (found := [m for m in imported(path) if m.startswith("knowledge.evaluation")])
    }
    assert offending == {}


def layer(name: str) -> int | None:
    for rank, prefixes in enumerate(KNOWLEDGE_LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return rank
    return None


def test_knowledge_imports_only_point_down() -> None:
    upward = []
    for name, path in modules("knowledge").items():
        own = layer(name)
        if own is None:
            continue
        for target in imported(path):
            other = layer(target)
            if other is not None and other > own:
                upward.append(f"{name} -> {target}")
    assert upward == []


def test_no_import_cycles() -> None:
    graph = {name: set(top_level_imports(path)) - {name} for name, path in ALL.items()}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


EXPORTED = {
    "knowledge": [
        "BUNDLED_DIR",
        "MAX_QUESTION_CHARS",
        "Article",
        "Found",
        "KnowledgeBase",
        "KnowledgeError",
        "Match",
        "Passage",
        "Reply",
        "Tuning",
        "Turn",
        "load_knowledge",
        "readable_date",
        "reply_to",
        "turn_of",
    ],
    "knowledge.search": ["Hit", "Index", "QueryTerm", "Signals", "Tuning"],
    "knowledge.ingest": [
        "BUNDLED_DIR",
        "SUFFIXES",
        "Added",
        "KnowledgeError",
        "NotAdded",
        "add_source",
        "is_knowledge_file",
        "knowledge_files",
        "load_articles",
        "parse_article",
    ],
    "knowledge.dialogue": [
        "ECHO_CHARS",
        "LABEL_CHARS",
        "MAX_QUESTION_CHARS",
        "READ_AS",
        "SUGGESTIONS_LEAD",
        "TITLE_CHARS",
        "Kind",
        "Reply",
        "Turn",
        "offer_label",
        "quoted_passage",
        "readable_date",
        "refused_question",
        "replied_turn",
        "reply_to",
        "short",
        "source_pieces",
        "source_text",
        "step_to",
        "suggested_questions",
        "suggestions_for",
        "turn_of",
        "turn_shown",
    ],
    "knowledge.evaluation": [
        "SPLITS",
        "ConversationReport",
        "FollowupReport",
        "QuestionSetError",
        "Report",
        "evaluate",
        "evaluate_conversation",
        "evaluate_followups",
        "format_of",
        "format_report",
        "read_rows",
    ],
}


@pytest.mark.parametrize("door", sorted(EXPORTED))
def test_each_door_exports_exactly_its_pinned_names(door: str) -> None:
    module = __import__(door, fromlist=["__all__"])
    assert module.__all__ == EXPORTED[door]
    assert all(hasattr(module, name) for name in module.__all__)
