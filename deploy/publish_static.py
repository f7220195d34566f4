"""``python -m deploy.publish_static DEST``: Streamlit's front end, ready for nginx.

Copies the installed Streamlit's ``static`` folder to ``DEST`` and writes a ``.gz`` beside
each JS, CSS, JSON and SVG file (``gzip -9``), so nginx sends them with ``gzip_static``
instead of compressing 2.8 MB again for every first visit (that was most of the proxy's
CPU). Run it again after upgrading Streamlit; the file names carry content hashes, so
browsers fetch only what changed.
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

import streamlit

SOURCE = Path(streamlit.__file__).parent / "static"
COMPRESS = {".js", ".css", ".json", ".svg", ".html"}


def publish(dest: Path, source: Path = SOURCE) -> Path:
    """Copy and pre-compress; returns ``dest`` (nginx's STATIC_DIR)."""
    partial = dest.with_name(dest.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial)
    for path in partial.rglob("*"):
        if path.suffix in COMPRESS and path.is_file():
            data = path.read_bytes()
            Path(f"{path}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    shutil.rmtree(dest, ignore_errors=True)
    partial.rename(dest)
    return dest


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m deploy.publish_static DEST", file=sys.stderr)
        return 2
    print(f"Streamlit {streamlit.__version__} front end published to {publish(Path(argv[0]))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
