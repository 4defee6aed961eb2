"""The code's layers: the import graph of `course` and `grading_tools` has no cycle, so each
module can be read, tested and changed knowing only what it imports (the student package at the
bottom, then the registry of folders, the assignments and the judge, nbgrader's plug-ins and the
pipeline on top). Every import counts, including one deferred into a function to dodge a cycle."""

import ast

from tests.support import ROOT

PACKAGES = ("course", "grading_tools")


def modules(root):
    """{module name: file} of every module of the course's packages under `root`."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name, path, known):
    """The modules of `known` that module `name` (file `path`) imports, each with the packages
    that importing it runs first, less the module's own packages (always run before it)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets.add(base)
            targets |= {f"{base}.{alias.name}" for alias in node.names}
    edges = set()
    for target in targets:
        parts = target.split(".")
        edges |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
    return (edges & set(known)) - own


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def import_graph(root):
    known = modules(root)
    return {name: imported(name, path, known) for name, path in known.items()}


def test_the_course_and_the_grader_import_in_layers_without_a_cycle():
    assert cycles(import_graph(ROOT)) == []


def test_a_cycle_is_found_also_through_a_deferred_import_and_a_package(tmp_path):
    """The check itself can fail: a registry importing the judge's package, whose __init__
    imports the registry back, is a cycle even when one import sits inside a function."""
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "__init__.py").write_text("")
    judge = tmp_path / "grading_tools" / "judge"
    judge.mkdir(parents=True)
    (tmp_path / "grading_tools" / "__init__.py").write_text("")
    (tmp_path / "grading_tools" / "registry.py").write_text(
        "def specs():\n    from .judge.mistakes import known\n"
    )
    (judge / "__init__.py").write_text("from .. import registry\n")
    (judge / "mistakes.py").write_text("from .spec import Spec\n")
    (judge / "spec.py").write_text("import numpy\n")
    assert cycles(import_graph(tmp_path)) == [["grading_tools.judge", "grading_tools.registry"]]
