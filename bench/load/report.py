"""The capacity table in docs/PERFORMANCE.md, generated from bench/load/results.json."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"
COLUMNS = (
    ("scenario", "label"),
    ("form p50 / p95 s", ("form_p50_s", "form_p95_s")),
    ("thank-you p50 / p95 s", ("thanks_p50_s", "thanks_p95_s")),
    ("answering s", "think_s"),
    ("static files p50 s", "static_p50_s"),
    ("errors", "errors"),
    ("stored / used / thanked", ("stored", "invitations_used", "thank_yous")),
    ("lost", "lost"),
    ("dup.", "duplicates"),
    ("server CPU ms each", "server_cpu_ms_per_respondent"),
    ("Overview CPU ms", "overview_cpu_ms"),
    ("MB per session", "mb_per_session"),
    ("Overview idle p50 / p95 s", ("overview_idle_p50_s", "overview_idle_p95_s")),
    ("Overview busy p50 / p95 s", ("overview_busy_p50_s", "overview_busy_p95_s")),
    ("load before / after", ("load_before", "load_after")),
)


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if value < 10 else f"{value:.0f}"
    return str(value)


def _cell(row: dict, key) -> str:
    if isinstance(key, tuple):
        return " / ".join(_value(row.get(k)) for k in key)
    return _value(row.get(key))


def table(results: dict) -> list[str]:
    lines = [
        f"Measured {results['measured_on']} on {results['machine']}; "
        f"{results['scenarios'][0]['respondents']:.0f} respondents arriving at once, "
        f"medians of {results['scenarios'][0]['repeats']} runs (errors, lost and duplicates: "
        "the worst run)."
        + (
            f" Scenarios matching `{results['rerun']['only']}` measured again "
            f"{results['rerun']['on']}."
            if results.get("rerun")
            else ""
        ),
        "",
        "| " + " | ".join(name for name, _ in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in results["scenarios"]:
        lines.append("| " + " | ".join(_cell(row, key) for _, key in COLUMNS) + " |")
    soak = results.get("soak")
    if soak:
        series = ", ".join(f"{s['sessions']}: {sum(s['rss_mb']):.0f} MB" for s in soak["samples"])
        lines += [
            "",
            f"Soak: {soak['sessions']} sessions through one tuned process, "
            f"{soak['concurrency']} at a time, {soak['seconds']} s; resident memory after "
            f"n sessions: {series}; {sum(soak['settled_rss_mb']):.0f} MB once the "
            f"disconnected sessions had expired. Stored {soak['stored']}, lost "
            f"{soak['lost']}, duplicates {soak['duplicates']}.",
        ]
    return lines


def write_table(results: dict) -> None:
    text = DOC.read_text()
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(head + BEGIN + "\n" + "\n".join(table(results)) + "\n" + END + tail)
