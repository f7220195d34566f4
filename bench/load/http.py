"""A small asyncio HTTP/1.1 GET client: a browser's first visit fetches the page and its
static files over a few keep-alive connections (six per host, as browsers do)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

BROWSER_CONNECTIONS = 6


class HttpError(RuntimeError):
    """A static file that did not come back with 200."""


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], int]:
    status_line = await reader.readline()
    if not status_line:
        raise HttpError("connection closed")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    cookies: list[str] = []
    while True:
        line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
        if not line:
            break
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            cookies.append(value.strip())
        headers[name.lower()] = value.strip()
    headers["set-cookie"] = "\n".join(cookies)
    size = 0
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            length = int((await reader.readline()).split(b";")[0], 16)
            if length == 0:
                await reader.readline()
                break
            size += len(await reader.readexactly(length + 2)) - 2
    elif "content-length" in headers:
        size = len(await reader.readexactly(int(headers["content-length"])))
    return status, headers, size


class Browser:
    """Fetches paths over up to six keep-alive connections; counts bytes and keeps cookies."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies = dict(cookies or {})
        self.bytes = 0
        self.files = 0

    async def _connection(self, paths: asyncio.Queue) -> None:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            while True:
                try:
                    path = paths.get_nowait()
                except asyncio.QueueEmpty:
                    return
                cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
                request = (
                    f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                    "Accept-Encoding: gzip\r\nConnection: keep-alive\r\n"
                    + (f"Cookie: {cookie}\r\n" if cookie else "")
                    + "\r\n"
                )
                writer.write(request.encode("latin-1"))
                await writer.drain()
                status, headers, size = await _read_response(reader)
                if status != 200:
                    raise HttpError(f"GET {path}: HTTP {status}")
                for line in filter(None, headers["set-cookie"].split("\n")):
                    name, _, rest = line.partition("=")
                    self.cookies[name.strip()] = rest.split(";")[0]
                self.bytes += size
                self.files += 1
                if headers.get("connection", "").lower() == "close":
                    return  # the rest go over the other connections
        finally:
            writer.close()

    async def get_all(self, paths: list[str]) -> None:
        queue: asyncio.Queue = asyncio.Queue()
        for path in paths:
            queue.put_nowait(path)
        workers = min(BROWSER_CONNECTIONS, len(paths))
        await asyncio.gather(*(self._connection(queue) for _ in range(workers)))
        if not queue.empty():
            raise HttpError(f"{queue.qsize()} files left unfetched")
