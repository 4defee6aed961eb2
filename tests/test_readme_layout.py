"""The README's layout table is the map of the tree: every path it names exists, and every module
of the course's packages is on it, so a newcomer who reads it finds everything."""

import re

from tests.support import ROOT

PACKAGES = ("course", "grading_tools")


def layout_section():
    text = (ROOT / "README.md").read_text()
    return text.split("## Layout", 1)[1].split("\n## ", 1)[0]


def named_paths():
    """The backticked paths of the table's first column, each as a glob pattern from the root
    (`ID` and `<topic>` stand for any folder; a bare `x.py` beside a full path is in its folder)."""
    patterns = []
    for row in layout_section().splitlines():
        if not row.startswith("| `"):
            continue
        folder = ""
        for token in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            if "/" in token and token.split("/")[0] not in {"nbgrader_plugins"}:
                folder = token.rsplit("/", 1)[0] if token.endswith(".py") else ""
            elif folder:
                token = f"{folder}/{token}"
            elif token.startswith("nbgrader_plugins/"):
                token = f"grading_tools/{token}"
            patterns.append(re.sub(r"\bID\b|<topic>", "*", token).rstrip("/"))
    return patterns


def test_every_path_the_layout_table_names_exists():
    missing = [pattern for pattern in named_paths() if not list(ROOT.glob(pattern))]
    assert missing == []


def test_every_module_of_the_packages_is_on_the_layout_table():
    section = layout_section()
    named = set(re.findall(r"`([^`]+)`", section))
    words = {name.rsplit("/", 1)[-1].removesuffix(".py") for name in named}
    words |= set(re.findall(r"\(`(\w+)`\)", section))  # course's modules, named in its row
    missing = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if path.stem in {"__init__", "__main__"} or "assignments" in relative.parts[1:2]:
                continue
            if path.stem not in words:
                missing.append(str(relative))
    assert missing == []
