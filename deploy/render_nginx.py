"""``python -m deploy.render_nginx --ports 8501 8502 --staff-ports 8503 ...``: fill in
deploy/nginx.conf (the values between @ signs) and print the site configuration;
``--main PREFIX`` prints instead a main nginx.conf that runs it unprivileged from PREFIX
(the cluster script and the load benchmark)."""

from __future__ import annotations

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf")


MAIN = """worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    include {prefix}/vitals.conf;
}}
"""


def main_conf(prefix: Path | str) -> str:
    """nginx's main configuration for a private prefix holding ``vitals.conf``."""
    return MAIN.format(prefix=prefix)


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
    parser.add_argument("--main", type=Path, metavar="PREFIX", help="print the main nginx.conf")
    parser.add_argument("--ports", type=int, nargs="+")
    parser.add_argument("--staff-ports", type=int, nargs="*", default=[])
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--server-name", default="localhost")
    parser.add_argument("--static", type=Path, help="deploy.publish_static DEST")
    args = parser.parse_args(argv)
    if args.main:
        print(main_conf(args.main), end="")
    elif args.ports and args.static:
        print(render(args.ports, args.listen, args.static, args.staff_ports, args.server_name))
    else:
        parser.error("the site configuration needs --ports and --static (or give --main)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
