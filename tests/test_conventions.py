"""The project's own habits, checked: the library never imports streamlit, views hold no SQL, and so on."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import PROJECT

import ita_analytics

LIBRARY = PROJECT / "ita_analytics"


def test_library_never_imports_streamlit():
    for path in LIBRARY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, ita_analytics, ita_analytics.__main__, "
            "ita_analytics.template; print('streamlit' in sys.modules)",
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert loaded.stdout.strip() == "False", loaded.stderr


APP_LAYER = [PROJECT / "app.py", *(PROJECT / "views").glob("*.py"), *(PROJECT / "dashboard").rglob("*.py")]


def test_pages_and_the_app_layer_hold_no_sql_or_connections():
    for path in APP_LAYER:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"execute\(|duckdb\.connect|\bselect\b .* \bfrom\b", text, re.IGNORECASE), path


def test_every_named_query_exists_and_every_sql_file_is_used():
    sql_files = {p.stem for p in (LIBRARY / "queries").glob("*.sql")}
    code = "\n".join(p.read_text(encoding="utf-8") for p in LIBRARY.rglob("*.py"))
    named = set(re.findall(r'(?:query|execute)\(\s*\w+,\s*"(\w+)"', code))
    assert named <= sql_files, named - sql_files
    assert sql_files <= named, f"unused SQL files: {sql_files - named}"


def test_public_api_is_listed_and_documented():
    for name in ita_analytics.__all__:
        item = getattr(ita_analytics, name)
        if callable(item):
            assert item.__doc__, name


def test_every_public_library_function_has_a_docstring_and_type_hints():
    for path in LIBRARY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{path.name}:{node.name} has no docstring"
                assert node.returns is not None, f"{path.name}:{node.name} has no return type"


def test_no_value_is_formatted_into_sql():
    for path in LIBRARY.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'execute\(\s*f"', text):
            line = text[: match.start()].count("\n") + 1
            assert "names from code" in text.splitlines()[line - 1], f"{path.name}:{line} formats SQL"


def test_app_py_is_the_only_python_file_at_the_top_and_there_is_no_pages_folder():
    # Streamlit runs a pages/ folder beside app.py as a legacy multipage app before st.navigation runs.
    assert not (PROJECT / "pages").exists()
    assert sorted(p.name for p in PROJECT.glob("*.py")) == ["app.py"]


def test_pages_call_library_functions_as_functions():
    for path in APP_LAYER:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"cache\.(data|shared)\(\s*\w+\s*,\s*[\"']", text), f"{path}: a library call by name"


def test_every_streamlit_cache_lives_in_dashboard_cache():
    for path in APP_LAYER:
        if path.name != "cache.py":
            assert "st.cache_" not in path.read_text(encoding="utf-8"), path
