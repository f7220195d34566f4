"""The docs name real things: the import table of docs/ARCHITECTURE.md holds for the source,
the make targets the docs name exist, and so do the files they point at."""

import re

import pytest

from sentiment.vader import NLTK_DATA_DIR
from tests.conftest import PROJECT_ROOT
from tests.test_layout import imported_modules

ARCHITECTURE = (PROJECT_ROOT / "docs" / "ARCHITECTURE.md").read_text()
DOCS = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
FIRST_PARTY = {p.name for p in PROJECT_ROOT.iterdir() if (p / "__init__.py").is_file()} | {
    p.stem for p in PROJECT_ROOT.glob("*.py")
}
# The diagram's line of domain packages: "org/  accounts/  ...  demo/   domain packages".
DOMAIN = set(re.findall(r"(\w+)/", re.search(r"^(.*)domain packages$", ARCHITECTURE, re.M)[1]))


def import_rules() -> dict[str, set[str]]:
    """The table under "Import rules": package (or module) -> first-party names it may import."""
    table = ARCHITECTURE.split("Import rules", 1)[1].split("\n\n", 2)[1]
    rules = {}
    for line in table.splitlines()[2:]:
        who, may = line.strip("|").split("|", 1)
        allowed = {name.split(".")[0] for name in re.findall(r"`([\w.]+)`", may)}
        if "domain packages" in may:
            allowed |= DOMAIN - set(re.findall(r"except `(\w+)`", may))
        for name in re.findall(r"`([\w.]+)/?`", who):
            rules[name.removesuffix(".py")] = allowed & FIRST_PARTY
    return rules


def source_files(name: str):
    single = PROJECT_ROOT / f"{name}.py"
    return [single] if single.is_file() else sorted((PROJECT_ROOT / name).rglob("*.py"))


def test_the_import_table_covers_every_package():
    assert set(import_rules()) == FIRST_PARTY - {"bench", "tests"}


@pytest.mark.parametrize("name", sorted(import_rules()))
def test_every_import_follows_the_table(name):
    allowed = import_rules()[name] | {name}
    for path in source_files(name):
        used = {m.split(".")[0] for m in imported_modules(path)} & FIRST_PARTY
        assert used <= allowed, f"{path.relative_to(PROJECT_ROOT)} imports {used - allowed}"


def make_targets() -> set[str]:
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    return set(re.findall(r"^([\w-]+):", makefile, re.M))


def test_every_make_target_the_docs_name_exists():
    named = {
        (path.name, target)
        for path in DOCS
        for target in re.findall(r"`(?:[A-Z_]+=\S+ )*make ([\w-]+)", path.read_text())
    }
    assert named, "no make command found in the docs"
    assert {(doc, t) for doc, t in named if t not in make_targets()} == set()


OPERATOR_FILES = {".streamlit/secrets.toml"}  # written by whoever deploys (docs/ACCOUNTS.md)


NLTK_DATA = NLTK_DATA_DIR  # docs/SENTIMENT.md names paths inside it


def named_thing_exists(name: str) -> bool:
    """A file, a ``module.attribute`` (``insights/charts.to_csv``) or a file in a zip (in the
    project or in its NLTK data folder)."""
    module = name.rpartition(".")[0]
    zipped = re.match(r"(.+?\.zip)/", name)
    return (
        (PROJECT_ROOT / name).exists()
        or (PROJECT_ROOT / f"{module}.py").is_file()
        or bool(zipped and any((base / zipped[1]).is_file() for base in (PROJECT_ROOT, NLTK_DATA)))
    )


def test_every_file_the_docs_name_exists():
    tops = {p.name for p in PROJECT_ROOT.iterdir()}
    missing = [
        f"{path.name}: {name}"
        for path in DOCS
        for name in re.findall(r"`([\w./-]+/[\w./-]+\.\w+)`", path.read_text())
        if name.split("/")[0] in tops
        and not name.endswith(".db")  # databases are made at run time
        and "NNNN" not in name  # a naming pattern
        and name not in OPERATOR_FILES
        and not named_thing_exists(name)
    ]
    assert missing == []
