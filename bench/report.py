"""Write the measured figures into docs/PERFORMANCE.md between its two marker lines."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SCALE_COLUMNS = [
    "employees",
    "weeks",
    "answers",
    "seed_s",
    "overview_s",
    "duckdb_reference_s",
    "overview_after_answer_s",
    "publish_round_s",
    "team_page_s",
    "comments_page_s",
    "overview_render_s",
    "peak_rss_mb",
]


def _table(rows: list[dict], columns: list[str]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in columns) + " |")
    return lines


def render(results: dict) -> str:
    lines = [f"Measured {results['measured_on']} on {results['machine']}.", ""]
    lines += _table(results["scales"], SCALE_COLUMNS)
    if results.get("history"):
        lines += ["", "Fixed 26-week window, growing history:", ""]
        lines += _table(
            results["history"],
            [
                "employees",
                "weeks",
                "answers",
                "overview_s",
                "duckdb_reference_s",
                "overview_after_answer_s",
                "team_page_s",
            ],
        )
    submit = results["submit"]
    lines += ["", "Submissions:", ""]
    lines += _table([submit], list(submit))
    lines += ["", "Sentiment (comments per second):", ""]
    lines += _table([results["sentiment"]], list(results["sentiment"]))
    return "\n".join(lines)


def write_performance_table(results: dict, doc: Path = DOC) -> None:
    text = doc.read_text()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    doc.write_text(f"{head}{BEGIN}\n{render(results)}\n{END}{tail}")
