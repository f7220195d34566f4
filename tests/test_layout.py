"""The layout rules of docs/ARCHITECTURE.md, checked on the source so they cannot rot."""

import ast
import re
import subprocess
import sys

from tests.conftest import PROJECT_ROOT

SQL = re.compile(
    r"\.execute\(|\.query\(|SELECT .* FROM|INSERT INTO|DELETE FROM|UPDATE \w+ SET", re.IGNORECASE
)


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def page_files():
    return sorted((PROJECT_ROOT / "app_pages").rglob("*.py"))


def test_pages_hold_no_sql():
    offenders = [p.name for p in page_files() if SQL.search(p.read_text())]
    assert offenders == []


def test_pages_reach_storage_only_through_common():
    offenders = [
        p.name
        for p in page_files()
        if p.name != "common.py"
        and any(
            m.split(".")[0] in {"storage", "sqlite3", "sqlite_utils"} for m in imported_modules(p)
        )
    ]
    assert offenders == []


def test_app_entry_only_wires_navigation():
    modules = set(imported_modules(PROJECT_ROOT / "app.py"))
    assert modules <= {"streamlit"} | {m for m in modules if m.startswith("app_pages")}
    assert "st.navigation" in (PROJECT_ROOT / "app.py").read_text()


def test_storage_imports_no_domain_package():
    domain = {
        "org", "surveys", "sentiment", "recognition", "insights", "actions", "workload",
        "demo", "app_pages",
    }  # fmt: skip
    for path in (PROJECT_ROOT / "storage").rglob("*.py"):
        assert not {m.split(".")[0] for m in imported_modules(path)} & domain, path


def test_actions_build_on_insights_and_never_on_pages_or_the_demo():
    for path in (PROJECT_ROOT / "actions").rglob("*.py"):
        packages = {m.split(".")[0] for m in imported_modules(path)}
        assert not packages & {"app_pages", "demo", "sentiment", "recognition", "accounts"}, path


def test_workload_is_imported_only_by_pages_and_the_demo():
    """docs/ARCHITECTURE.md: nothing below the pages depends on workload/ (insights stays
    free of it, so the privacy guard's road is unchanged)."""
    for package in ("org", "surveys", "sentiment", "recognition", "insights", "accounts"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            assert "workload" not in {m.split(".")[0] for m in imported_modules(path)}, path


def test_workload_reads_survey_figures_only_through_insights():
    """The Workload page's survey figures are released cells: workload/ never names the raw
    survey tables."""
    raw = re.compile(
        r"(FROM|JOIN|INTO)\s+(responses|answers|comments|measure_counts|response_counts|invitations)\b",
        re.IGNORECASE,
    )
    for path in (PROJECT_ROOT / "workload").rglob("*.py"):
        assert not raw.search(path.read_text()), path


def first_party_closure(roots):
    """Every first-party module reachable by imports from the files ``roots`` (by ``ast``)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        path = todo.pop()
        for module in imported_modules(path):
            parts = module.split(".")
            for end in range(1, len(parts) + 1):
                name = ".".join(parts[:end])
                base = PROJECT_ROOT.joinpath(*parts[:end])
                target = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
                if name not in seen and target.is_file():
                    seen.add(name)
                    todo.append(target)
    return seen


def test_no_production_code_path_imports_the_demo():
    """The app and the operators' commands never load the 500-line generator (issue 18)."""
    roots = [PROJECT_ROOT / "app.py", PROJECT_ROOT / "startup.py", *page_files()]
    roots += [PROJECT_ROOT / p / "__main__.py" for p in ("accounts", "insights", "surveys")]
    reached = first_party_closure(roots)
    assert "startup" in reached and "app_pages.common" in reached
    assert sorted(m for m in reached if m.split(".")[0] == "demo") == []


def test_importing_the_app_loads_no_demo_module():
    code = (
        "import sys, app_pages.common, startup, accounts.__main__, insights.__main__, "
        "surveys.__main__; print(sorted(m for m in sys.modules if m.split('.')[0] == 'demo'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"
