"""No import cycles in assistant/: every module can be read (and imported) after what it imports.

The graph is read from the source, every `import` and `from … import` anywhere in a module
(function-level imports too: a lazy import hides a cycle, it does not remove it), except those
under `if TYPE_CHECKING:`. Importing `a.b.c` runs the packages `a` and `a.b` first, so an edge
goes to each of them, except to the importing module's own ancestors (Python has started those),
unless the module imports a *name* from an ancestor's __init__, which needs that __init__ run to
its end (a rule module importing the engine back through a half-initialised package).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"

# A cycle another engineer is removing on their branch (issue 11: ingest/dispatch registers the
# layouts by importing ingest/layouts, which mutates dispatch). Delete this allowance with that fix.
KNOWN_CYCLES: set[frozenset[str]] = set()  # none tolerated


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def _lazy_exports(path: Path) -> dict[str, str]:
    """name → defining module, for a package that loads its names on first use (PEP 562 __getattr__
    with the names imported under TYPE_CHECKING): `from pkg import name` runs that module at once."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not any(isinstance(n, ast.FunctionDef) and n.name == "__getattr__" for n in tree.body):
        return {}
    exports: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                if isinstance(child, ast.ImportFrom) and child.module:
                    exports |= {alias.name: child.module for alias in child.names}
    return exports


def ancestors_of(module: str) -> set[str]:
    return {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}


def _targets(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    imported: set[str] = set()
    needs_whole: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            imported.add(base)
            imported |= {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules}
            if base in ancestors_of(module) and any(f"{base}.{a.name}" not in modules for a in node.names):
                needs_whole.add(base)  # a name the ancestor's __init__ defines: it must have run to the end
            if base in modules and modules[base].name == "__init__.py":
                lazy = _lazy_exports(modules[base])
                imported |= {lazy[alias.name] for alias in node.names if alias.name in lazy}
    ancestors = ancestors_of(module)
    targets: set[str] = set(needs_whole)
    for name in imported:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in modules and prefix not in ancestors and prefix != module:
                targets.add(prefix)
    return targets


Graph = dict[str, set[str]]


def import_graph() -> Graph:
    """module → the modules importing it runs."""
    modules = _modules()
    return {module: _targets(module, path, modules) for module, path in modules.items()}


def reachable(graph: Graph, start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in graph[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def cycles(graph: Graph) -> list[set[str]]:
    """The strongly connected components with more than one module (or a module importing itself)."""
    reach = {module: reachable(graph, module) for module in graph}
    found: list[set[str]] = []
    for module in sorted(graph):
        if module in reach[module] and not any(module in c for c in found):
            found.append({other for other in reach[module] if module in reach[other]} | {module})
    return found


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "assistant.values" in graph["assistant.schema"]  # the value type lives beside its parser
    assert "assistant.critique.engine" in graph["assistant.drafting.repair"]  # through the lazy package
    assert len(graph) > 100


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_there_is_no_import_cycle_in_assistant() -> None:
    found = cycles(import_graph())
    assert [sorted(c) for c in found if frozenset(c) not in KNOWN_CYCLES] == []


def test_the_kernel_imports_no_capability() -> None:
    kernel = ("assistant.text", "assistant.values", "assistant.schema", "assistant.taxonomy")
    capabilities = ("ingest", "retrieval", "drafting", "critique", "batch", "export", "ui", "cli", "llm")
    graph = import_graph()
    leaks = {
        (module, target)
        for module in kernel
        for target in reachable(graph, module)
        if target.split(".")[1] in capabilities
    }
    assert leaks == set()
