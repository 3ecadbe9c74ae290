"""The project's code that training runs: the custom components named in config.yml and every
isobot module they import, found by reading the imports (nothing is imported here, so it is quick).

scripts/build.sh hashes these files (with data, config, content and the rules) into the model's
name, so a change to a channel, a store or the web server does not retrain, and a change to
anything a component runs does. tests/test_training_inputs.py imports the components for real
and fails if one loads an isobot module this set misses (a dynamic import, say).

Usage: python scripts/training_inputs.py [config.yml]   prints one path per line, sorted
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

from isobot.content.yaml_file import safe_yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "isobot"


def component_modules(config: Path) -> list[str]:
    """Modules of the project's own classes in the pipeline and policies of a Rasa config."""
    loaded = safe_yaml(config.read_text(encoding="utf-8")) or {}
    names = [str(c.get("name", "")) for key in ("pipeline", "policies") for c in loaded.get(key) or []]
    return sorted({name.rsplit(".", 1)[0] for name in names if name.split(".", 1)[0] == PACKAGE})


def module_file(module: str, root: Path = ROOT) -> Path | None:
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module an import statement anywhere in the file may load (function bodies included:
    components import lazily), with `from x import y` counted as both x and x.y."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def _with_parents(module: str) -> list[str]:
    """Importing a.b.c runs a/__init__.py and a/b/__init__.py first."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def code_closure(modules: Iterable[str], root: Path = ROOT) -> dict[str, Path]:
    """The project modules `modules` load, transitively, with their files."""
    seen: dict[str, Path] = {}
    queue = [parent for module in modules for parent in _with_parents(module)]
    while queue:
        module = queue.pop()
        if module in seen or module.split(".", 1)[0] != PACKAGE:
            continue
        path = module_file(module, root)
        if path is None:  # `from package import name` where name is not a module
            continue
        seen[module] = path
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for imported in _imported(tree, module, path.name == "__init__.py"):
            queue.extend(_with_parents(imported))
    return seen


def training_code(config: Path, root: Path = ROOT) -> list[Path]:
    """The components' code and the data files next to it (e.g. topic_evidence.yml)."""
    files = set(code_closure(component_modules(config), root).values())
    data = {p for f in files for p in f.parent.glob("*.yml")}
    return sorted(files | data)


def main(argv: list[str]) -> int:
    config = Path(argv[1]) if len(argv) > 1 else ROOT / "config.yml"
    for path in training_code(config):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
