"""``python -m deploy.render_nginx --ports 8501 8502 --staff-ports 8503 ...``: fill in
deploy/nginx.conf (the values between @ signs) and print the site configuration."""

from __future__ import annotations

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf")


def _servers(ports: list[int]) -> str:
    return "\n    ".join(f"server 127.0.0.1:{port} max_fails=0;" for port in ports)


def render(
    ports: list[int],
    listen: str,
    static_dir: Path,
    staff_ports: list[int] | None = None,
    server_name: str = "localhost",
) -> str:
    """The site configuration; with no staff ports, signed-in people share ``ports``."""
    return (
        TEMPLATE.read_text()
        .replace("@STAFF_SERVERS@", _servers(staff_ports or ports))
        .replace("@SERVERS@", _servers(ports))
        .replace("@LISTEN@", listen)
        .replace("@SERVER_NAME@", server_name)
        .replace("@STATIC_DIR@", str(static_dir))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.render_nginx", description=__doc__)
    parser.add_argument("--ports", type=int, nargs="+", required=True)
    parser.add_argument("--staff-ports", type=int, nargs="*", default=[])
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--server-name", default="localhost")
    parser.add_argument("--static", type=Path, required=True, help="deploy.publish_static DEST")
    args = parser.parse_args(argv)
    print(render(args.ports, args.listen, args.static, args.staff_ports, args.server_name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
