"""The package's shape: outputs stand alone, modules do not import in circles, no Agora in the engine.

Imports are read from the source (every `import` and `from … import`, at the top of a
module or inside a function; those under `if TYPE_CHECKING:` only serve type checking
and are left out). A module belongs to a unit: `builder.outputs.<name>` for an output (a subpackage; the
modules beside them, the registry and the view model, make the shared unit `builder.outputs`),
`builder.<package>` for another package, or the module itself for a top-level module.
"""

from __future__ import annotations

import ast
import functools
import itertools
from pathlib import Path

BUILDER = Path(__file__).resolve().parent.parent / "builder"
#: The one module allowed to know the demo platform.
DEMO = BUILDER / "demo_platform.py"
TEXT_SUFFIXES = {".py", ".yaml", ".yml", ".j2", ".html", ".css", ".md", ".json", ".txt", ".js", ".svg"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BUILDER.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unit_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "builder" or len(parts) == 1:
        return "builder"
    if parts[1] == "outputs" and len(parts) >= 3 and (BUILDER / "outputs" / parts[2]).is_dir():
        return ".".join(parts[:3])  # an output; modules beside them (registry, view model) are shared
    if (BUILDER / parts[1]).is_dir():
        return ".".join(parts[:2])
    return ".".join(parts[:2])


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


@functools.cache  # the five tests read the same sources: each is parsed once per process
def imports_of(path: Path) -> frozenset[str]:
    """Every builder module ``path`` imports at run time."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                for other in getattr(child, "orelse", []):
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - child.level + 1]
                    name = ".".join(base + ([child.module] if child.module else []))
                else:
                    name = child.module or ""
                found.add(name)
                # `from builder.outputs import site` imports the subpackage
                found.update(f"{name}.{alias.name}" for alias in child.names
                             if (BUILDER.parent / Path(*f"{name}.{alias.name}".split("."))).is_dir())
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return frozenset(name for name in found if name == "builder" or name.startswith("builder."))


def unit_graph() -> dict[str, dict[str, list[str]]]:
    """unit → imported unit → the modules that import it (for messages)."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(BUILDER.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        source = unit_of(module_name(path))
        edges = graph.setdefault(source, {})
        for target in imports_of(path):
            target_unit = unit_of(target)
            if target_unit != source and target_unit != "builder":
                edges.setdefault(target_unit, []).append(f"{module_name(path)} → {target}")
    return graph


def module_graph() -> dict[str, set[str]]:
    """module → the builder modules it imports (a name that is no module counts as its package)."""
    modules = {module_name(path): path for path in sorted(BUILDER.rglob("*.py")) if "__pycache__" not in path.parts}

    def resolve(name: str) -> str:
        while name not in modules and "." in name:  # `from builder.x import name`: name is no module
            name = name.rsplit(".", 1)[0]
        return name

    return {module: {resolve(t) for t in imports_of(path)} - {module} for module, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (first node repeated at the end) for every back edge a depth-first walk meets."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_no_output_imports_another_output() -> None:
    bad = [line for unit, edges in unit_graph().items() if unit.startswith("builder.outputs.")
           for target, lines in edges.items() if target.startswith("builder.outputs.") for line in lines]
    assert not bad, "an output imports another output (share through builder/layout.py instead):\n" + "\n".join(bad)


def test_no_output_or_review_imports_capture() -> None:
    """What capture leaves behind is read through builder.shots; reading never loads the browser side."""
    bad = [line for unit, edges in unit_graph().items()
           if unit.startswith("builder.outputs") or unit in ("builder.review", "builder.shots", "builder.content")
           for target, lines in edges.items() if target == "builder.capture" for line in lines]
    assert not bad, "a reader of the shots imports capture (import from builder.shots instead):\n" + "\n".join(bad)


def test_no_import_cycle_between_modules() -> None:
    """Also inside a package, and counting imports made inside functions: a cycle hidden in a
    function is still a cycle, and the first refactoring that moves the import up breaks loading."""
    cycles = find_cycles(module_graph())
    assert not cycles, "import cycles between modules (move the shared part to a module of its own):\n" + \
        "\n".join(" → ".join(cycle) for cycle in cycles)


def test_no_import_cycle_between_packages() -> None:
    graph = {unit: set(edges) for unit, edges in unit_graph().items()}
    cycles = find_cycles(graph)
    detail = unit_graph()
    lines = []
    for cycle in cycles:
        lines.append(" → ".join(cycle))
        lines += [f"    {how}" for a, b in itertools.pairwise(cycle) for how in detail[a][b][:2]]
    assert not cycles, "import cycles between packages:\n" + "\n".join(lines)


def test_the_engine_never_names_the_demo_platform() -> None:
    found = []
    for path in sorted(BUILDER.rglob("*")):
        if path == DEMO or not path.is_file() or "__pycache__" in path.parts or path.suffix not in TEXT_SUFFIXES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "agora" in line.lower():
                found.append(f"{path.relative_to(BUILDER.parent)}:{number}: {line.strip()}")
    assert not found, "the engine mentions Agora outside builder/demo_platform.py:\n" + "\n".join(found)


def test_the_walker_sees_real_imports() -> None:
    """Guards the guards: the graph knows edges that do exist."""
    graph = unit_graph()
    assert "builder.content" in graph["builder.outputs.site"]
    assert "builder.outputs" in graph["builder.cli"]  # the registry: cli names no output
    assert "builder.shots" in graph["builder.review"]
    assert "builder.outputs" in graph["builder.outputs.site"]  # the view model, shared by every output
    modules = module_graph()
    assert "builder.content.crossref" in modules["builder.content.loading"]
    assert "builder.content.project" in modules["builder.content.richtext"]  # an import inside a function
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
