import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sentiment.analysis import analyse
from sentiment.engine import TunedAnalyzer, lexicon_version, stock_analyzer, tuned_analyzer
from sentiment.evaluate import stock_label
from sentiment.lexicon import LexiconError, domain_lexicon, parse_lexicon, read_entries
from sentiment.vader import VADER_ZIP, vader_lexicon

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _tree(*folders: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_scoring_needs_no_nltk_no_network_and_writes_nothing(tmp_path):
    """NLTK and vaderSentiment are made unimportable; HOME is an empty folder; the source tree
    is the same afterwards (the lexicon is read from the committed zip in memory)."""
    env = {k: v for k, v in os.environ.items() if k not in {"NLTK_DATA"}}
    env["HOME"] = str(tmp_path)
    code = (
        "import sys, json; sys.modules['nltk'] = None; sys.modules['vaderSentiment'] = None\n"
        "from sentiment.analysis import analyse; from sentiment.engine import stock_analyzer\n"
        "a = analyse('Great team \\U0001f600 but the EHR crashes')\n"
        "print(json.dumps([stock_analyzer().compound('good'), a.label, a.scored]))"
    )
    before = _tree(PROJECT_ROOT / "sentiment", PROJECT_ROOT / "data")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == '[0.4404, "negative", true]'  # VADER's score for "good"
    assert _tree(PROJECT_ROOT / "sentiment", PROJECT_ROOT / "data") == before
    assert not any(tmp_path.iterdir())


def test_shipped_lexicon_is_the_full_vader_lexicon():
    assert VADER_ZIP.exists()
    assert len(vader_lexicon()) == 7506  # vaderSentiment 3.3.2's vader_lexicon.txt
    assert vader_lexicon()["good"] == 1.9


def test_issue_examples_are_no_longer_misread():
    text = "I love my team but we are so understaffed and burned out"
    assert stock_label(text)[0] == "positive"  # what vanilla VADER says
    assert analyse(text).label == "negative"
    crash = "The EHR keeps crashing and I stay late every night"
    assert stock_analyzer().compound(crash) == 0.0
    assert analyse(crash).compound < -0.3


def test_multiword_expressions_are_scored_as_one_token():
    analyzer = tuned_analyzer()
    valences, tokens = analyzer.valences("Mandatory overtime again and I am burned out")
    assert "mandatory_overtime" in tokens and "burned_out" in tokens
    assert all(v < 0 for v, t in zip(valences, tokens, strict=True) if t.endswith("out"))
    # phrases containing one-letter words still match ("is a joke")
    assert "is_a_joke" in analyzer.valences("Coverage is a joke.")[1]


def test_negation_flips_domain_terms():
    assert analyse("We are understaffed.").compound < 0
    assert analyse("I never feel heard.").compound < 0
    assert analyse("I feel heard.").compound > 0
    assert analyse("Nobody thanks us.").compound < 0


def test_but_rule_applies_within_and_across_sentences():
    within = analyse("The training was good but the EHR crashes constantly.")
    assert within.label == "negative"
    across = analyse("The training was good. But the EHR crashes constantly.")
    whole_first = tuned_analyzer().score("The training was good.")[0]
    assert across.compound < 0 < whole_first
    assert across.sentences[0].compound > 0 > across.sentences[1].compound


def test_mixed_needs_a_clearly_positive_and_a_clearly_negative_sentence():
    assert analyse("My mentor is fantastic. The EHR is a disaster.").label == "mixed"
    assert analyse("My mentor is fantastic. The EHR is slow.").label != "mixed"


def test_sarcastic_openers_are_not_praise():
    assert analyse("Great, another system outage on the busiest day.").label == "negative"
    assert analyse("Love how the EHR goes down right when the clinic opens.").label == "negative"
    assert analyse("Great teamwork this week during the flu clinic rush.").label == "positive"


def test_past_state_reverses_what_used_to_be():
    assert analyse("It used to be a good place to work.").label == "negative"
    assert analyse("We used to be understaffed but the new hires changed everything.").compound > 0


def test_every_lexicon_entry_has_a_rationale_and_a_valid_valence():
    rows = read_entries()
    assert len(rows) >= 50
    for row in rows:
        assert row["rationale"].strip()
        assert -4 <= float(row["valence"]) <= 4
    lexicon = domain_lexicon()
    for required in (
        "understaffed",
        "short-staffed",
        "mandatory_overtime",
        "burned_out",
        "on_hold",
    ):
        assert required in lexicon.words


@pytest.mark.parametrize(
    "row, message",
    [
        ({"term": "x", "valence": "9", "rationale": "r"}, "outside"),
        ({"term": "x", "valence": "bad", "rationale": "r"}, "not a number"),
        ({"term": "x", "valence": "1", "rationale": " "}, "rationale"),
        ({"term": " ", "valence": "1", "rationale": "r"}, "empty term"),
    ],
)
def test_lexicon_rows_breaking_the_rules_are_refused(row, message):
    with pytest.raises(LexiconError, match=message):
        parse_lexicon([row])


def test_duplicate_terms_are_refused():
    rows = [
        {"term": "backlog", "valence": "-1", "rationale": "a"},
        {"term": "queue|backlog", "valence": "-1", "rationale": "b"},
    ]
    with pytest.raises(LexiconError, match="twice"):
        parse_lexicon(rows)


def test_lexicon_version_names_the_lexicon_and_changes_with_it():
    version = lexicon_version()
    assert version.startswith("vader") and domain_lexicon().digest[:8] in version
    other = TunedAnalyzer(parse_lexicon([{"term": "qqxyz", "valence": "1", "rationale": "r"}]))
    assert other.score("qqxyz")[0] > 0
    assert tuned_analyzer().score("qqxyz")[0] == 0


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_one_vader_source_nltk_only_in_tests_and_the_bench():
    """Issue 18: the app scores with ``sentiment.vader``; NLTK is the reference of the parity
    test and the speed bench, and the vaderSentiment package is used nowhere."""
    for path in PROJECT_ROOT.rglob("*.py"):
        parts = path.relative_to(PROJECT_ROOT).parts
        if parts[0].startswith(".") or "site-packages" in parts:
            continue
        modules = _imports(path)
        assert "vaderSentiment" not in modules, path
        if parts[0] not in {"tests", "bench"}:
            assert "nltk" not in modules, path
