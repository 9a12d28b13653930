"""The layering of docs/architecture.md, checked by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "docgen"

# Lowest first; a module may import its own package and anything in a lower layer.
LAYERS = [
    {"errors"},
    {"text", "layout"},
    {"load", "templating", "compose", "ooxml"},
    {"validate"},
    {"library", "workspace"},
    {"kinds", "render", "check", "write", "processes"},
    {"batch"},
    {"pipeline"},
    {"cli", "__init__"},
    {"__main__"},
]
# Third-party packages that only some parts may touch.
ONLY = {
    "click": {"cli"},
    "rich": {"cli"},
    "docxtpl": {"render"},
    "docx": {"ooxml", "render", "check"},
    "lxml": {"ooxml", "render", "check"},
    "ruamel": {"load", "workspace", "layout", "library"},
    "openpyxl": {"load", "write"},
    "python_calamine": {"load"},
    "deflate": {"ooxml"},
    "pptx": {"ooxml"},
    "xlsxwriter": {"ooxml"},
}


def _layer(part: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if part in layer)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[tuple[str, Path]]:
    return [(p.relative_to(PACKAGE).parts[0].removesuffix(".py"), p) for p in PACKAGE.rglob("*.py")]


def test_every_top_level_module_has_a_layer() -> None:
    for part, _ in _modules():
        assert any(part in layer for layer in LAYERS), f"docgen/{part} is missing from LAYERS"


def test_modules_import_only_lower_layers() -> None:
    problems = []
    for part, path in _modules():
        for name in _imports(path):
            if not name.startswith("docgen.") or name == "docgen":
                continue
            target = name.split(".")[1]
            if target != part and _layer(target) >= _layer(part):
                problems.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not problems, "\n".join(problems)


def test_third_party_packages_stay_in_their_layers() -> None:
    problems = []
    for part, path in _modules():
        for name in _imports(path):
            allowed = ONLY.get(name.split(".")[0])
            if allowed is not None and part not in allowed:
                problems.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not problems, "\n".join(problems)
