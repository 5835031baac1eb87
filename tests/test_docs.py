"""The README and docs/ say what the code does: links resolve, every command and table is documented."""

from __future__ import annotations

import re

from conftest import PROJECT

from ita_analytics.__main__ import _parser

README = PROJECT / "README.md"
DOCS = PROJECT / "docs"


def _links(path):
    return re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8"))


def test_the_readme_is_short_and_gives_the_two_set_up_commands():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    assert "make run" in text and "make test" in text


def test_every_relative_link_in_the_readme_and_docs_resolves():
    for path in [README, *DOCS.glob("*.md")]:
        for target in _links(path):
            if "://" not in target:
                assert (path.parent / target).exists(), f"{path.name}: {target}"


def test_the_readme_links_every_document_in_docs():
    linked = {target for target in _links(README) if target.startswith("docs/")}
    assert linked == {f"docs/{p.name}" for p in DOCS.glob("*.md")}


def test_every_command_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    commands = _parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"python -m ita_analytics {name}" in text, name


def test_every_table_view_and_macro_is_in_the_schema_doc():
    schema = (DOCS / "schema.md").read_text(encoding="utf-8")
    sql = "".join(
        (PROJECT / "ita_analytics" / name).read_text(encoding="utf-8") for name in ("schema.sql", "schema_views.sql")
    )
    for name in re.findall(r"^create (?:table|view|macro) (\w+)", sql, re.MULTILINE):
        assert f"`{name}" in schema, name


def test_docs_name_only_modules_that_exist():
    for path in [README, *DOCS.glob("*.md")]:
        for module in re.findall(
            r"`((?:dashboard|ita_analytics|views|benchmarks|tools)/[\w/]+\.(?:py|sql|js))`",
            path.read_text(encoding="utf-8"),
        ):
            assert (PROJECT / module).exists(), f"{path.name}: {module}"
