"""A browser's side of Streamlit's websocket protocol, enough to answer a pulse.

The browser opens ``/_stcore/stream`` with the subprotocol ``streamlit``, sends ``BackMsg``
protobufs (``rerun_script`` carries the query string, the page and every widget's value) and
receives ``ForwardMsg`` protobufs (``new_session``, ``navigation``, ``delta`` elements with
their widget ids, ``script_finished``). A form's widgets send their values only with the
submit button's trigger, as the browser does.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "/_stcore/stream"


class ProtocolError(RuntimeError):
    """The server closed, timed out or answered something a browser could not show."""


@dataclass
class Run:
    """What one script run sent: its elements by kind, and when each first arrived."""

    elements: list[tuple[str, object]] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    page_hash: str = ""
    finished_at: float | None = None
    exception: str | None = None

    def of_kind(self, kind: str) -> list:
        return [element for name, element in self.elements if name == kind]

    def texts(self) -> list[str]:
        out = [a.body for a in self.of_kind("alert")]
        out += [m.body for m in self.of_kind("markdown")]
        out += [h.body for h in self.of_kind("heading")]
        return out


class Session:
    """One browser tab: one websocket, one Streamlit session."""

    def __init__(self, url: str, cookies: dict[str, str] | None = None, timeout: float = 300):
        self.url = url.rstrip("/")
        self.cookies = dict(cookies or {})
        self.timeout = timeout
        self.ws = None
        self.page_hash = ""

    async def connect(self) -> None:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        ws_url = self.url.replace("http://", "ws://", 1) + STREAM_PATH
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
            compression=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def rerun(
        self,
        query_string: str = "",
        widgets: list[WidgetState] | None = None,
        page_hash: str | None = None,
        page_name: str = "",
        until: callable | None = None,
    ) -> tuple[Run, float | None]:
        """Ask for a script run and read its messages until ``script_finished``.

        ``until(element_kind, element)`` marks the moment something appears (the form, the
        thank-you): the second value returned is when it first did (``time.perf_counter``).
        """
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.page_name = page_name
        state.context_info.timezone = "Europe/London"
        state.context_info.locale = "en-GB"
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        await self.ws.send(msg.SerializeToString())
        return await self._read_run(until)

    async def _read_run(self, until) -> tuple[Run, float | None]:
        run = Run()
        seen_at = None
        deadline = time.perf_counter() + self.timeout
        started = False
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ProtocolError("timed out waiting for the script to finish")
            try:
                data = await asyncio.wait_for(self.ws.recv(), remaining)
            except TimeoutError as error:
                raise ProtocolError("timed out waiting for the script to finish") from error
            except websockets.ConnectionClosed as error:
                raise ProtocolError(f"connection closed: {error}") from error
            fmsg = ForwardMsg()
            fmsg.ParseFromString(data)
            kind = fmsg.WhichOneof("type")
            if kind == "new_session":
                started = True
                self.page_hash = fmsg.new_session.page_script_hash
                run.page_hash = self.page_hash
            elif kind == "navigation":
                for page in fmsg.navigation.app_pages:
                    run.pages[page.url_pathname] = page.page_script_hash
                if fmsg.navigation.page_script_hash:
                    self.page_hash = fmsg.navigation.page_script_hash
                    run.page_hash = self.page_hash
            elif kind == "delta" and fmsg.delta.WhichOneof("type") == "new_element":
                element = fmsg.delta.new_element
                name = element.WhichOneof("type")
                if name is None:
                    continue
                value = getattr(element, name)
                run.elements.append((name, value))
                if name == "exception":
                    run.exception = value.message or value.type
                if seen_at is None and until is not None and until(name, value):
                    seen_at = time.perf_counter()
            elif kind == "script_finished" and started:
                # FINISHED_EARLY_FOR_RERUN: a newer run follows (widget callbacks, st.rerun).
                if fmsg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                run.finished_at = time.perf_counter()
                return run, seen_at
            elif kind == "ref_hash":
                raise ProtocolError("server sent a cached-message reference; none was offered")


def radio(widget_id: str, option: str) -> WidgetState:
    """A radio sends the label of the chosen option, as shown (Streamlit 1.67)."""
    return WidgetState(id=widget_id, string_value=option)


def text(widget_id: str, value: str) -> WidgetState:
    return WidgetState(id=widget_id, string_value=value)


def trigger(widget_id: str) -> WidgetState:
    return WidgetState(id=widget_id, trigger_value=True)
