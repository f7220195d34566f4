"""``python -m sentiment``: score stdin lines as JSON lines, or rescore the database.

python -m sentiment < comments.txt > scores.jsonl
python -m sentiment rescore [--batch-size 200] [--force] [--db data/vitals.db]
python -m sentiment evaluate [--set NAME] [--glassdoor-rows N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TextIO

from sentiment.analysis import analyse


def score_lines(source: TextIO, sink: TextIO) -> int:
    """One JSON object per input line (blank lines give a 'not scored' neutral result)."""
    count = 0
    for line in source:
        result = analyse(line.rstrip("\r\n")).to_dict()
        sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        count += 1
    sink.flush()
    return count


class ProgressBar:
    """A plain text progress bar on stderr (redrawn in place on a terminal)."""

    def __init__(self, stream: TextIO = sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(self.width * share)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        end = "\r" if self.stream.isatty() else "\n"
        self.stream.write(
            f"Rescoring [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
            f"({share:.0%}, {rate:.0f}/s){end}"
        )
        self.stream.flush()


def rescore(db_path: str | None, batch_size: int, force: bool, stream: TextIO = sys.stderr) -> int:
    import storage
    from sentiment.engine import lexicon_version
    from sentiment.store import count_pending, rescore_all

    db = storage.connect(db_path)
    try:
        storage.migrate(db)
        pending = count_pending(db)
        stream.write(
            f"Lexicon {lexicon_version()}: {pending} text(s) to score"
            f"{' (forced: all)' if force else ''}.\n"
        )
        done = rescore_all(db, batch_size=batch_size, progress=ProgressBar(stream), force=force)
        if stream.isatty():
            stream.write("\n")
        stream.write(f"Done: {done} scored.\n")
        return done
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sentiment", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("score", help="score stdin lines to JSON lines (the default)")
    again = commands.add_parser("rescore", help="rescore stored comments in batches (resumable)")
    again.add_argument("--batch-size", type=int, default=200)
    again.add_argument(
        "--force", action="store_true", help="also redo scores from the current lexicon"
    )
    again.add_argument(
        "--db", default=None, help="database file (default: $VITALS_DB or data/vitals.db)"
    )
    commands.add_parser(
        "evaluate", help="stock VADER against Vitals on every labelled set", add_help=False
    )
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["evaluate"]:
        from sentiment.evaluate import main as evaluate_main

        return evaluate_main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "rescore":
        if args.batch_size < 1:
            parser.error("--batch-size must be at least 1")
        try:
            rescore(args.db, args.batch_size, args.force)
        except KeyboardInterrupt:
            sys.stderr.write("\nInterrupted; finished batches are saved. Run again to resume.\n")
            return 130
        except Exception as error:  # a clear one-line message instead of a traceback
            from storage import StorageError

            if isinstance(error, StorageError):
                sys.stderr.write(f"error: {error}\n")
                return 2
            raise
        return 0
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")
        sys.stdout.reconfigure(encoding="utf-8")
    score_lines(sys.stdin, sys.stdout)
    return 0
