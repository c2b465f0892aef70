"""What the editor tests share: the command line in-process, and a yaml-language-server
driven over its stdio protocol (LSP), as an editor drives it."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result


def invoke(*args: str | Path) -> Result:
    """``parley ARGS`` in this process (click's runner): exit code, stdout and stderr."""
    from parley.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], prog_name="parley")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


class LanguageServer:
    """A language server over stdio: open documents, read their diagnostics, ask for
    completions and hovers. Every wait is bounded."""

    def __init__(self, command: list[str], root: Path, timeout: float = 60) -> None:
        self.timeout = timeout
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._next_id = 0
        self._diagnostics: dict[str, list[dict[str, Any]]] = {}
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(),
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"hover": {"contentFormat": ["markdown"]}}}})
        self._notify("initialized", {})
        self._notify("workspace/didChangeConfiguration", {"settings": {"yaml": _SETTINGS}})

    def close(self) -> None:
        self._process.kill()
        self._process.wait(timeout=self.timeout)
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()

    def open(self, path: Path) -> list[dict[str, Any]]:
        """Open ``path`` as an editor would; its diagnostics once the server has checked it."""
        uri = path.as_uri()
        self._notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text()}})
        self._wait(lambda: uri in self._diagnostics)
        return self._diagnostics[uri]

    def completions(self, path: Path, line: int, character: int) -> list[str]:
        result = self.request("textDocument/completion", self._at(path, line, character))
        items = result["items"] if isinstance(result, dict) else result or []
        return [item["label"] for item in items]

    def hover(self, path: Path, line: int, character: int) -> str:
        result = self.request("textDocument/hover", self._at(path, line, character))
        return result["contents"]["value"] if result else ""

    @staticmethod
    def _at(path: Path, line: int, character: int) -> dict[str, Any]:
        return {"textDocument": {"uri": path.as_uri()},
                "position": {"line": line, "character": character}}

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self._next_id += 1
        wanted = self._next_id
        self._send({"jsonrpc": "2.0", "id": wanted, "method": method, "params": params})
        replies: list[dict[str, Any]] = []

        def keep(message: dict[str, Any]) -> None:
            if message.get("id") == wanted and "method" not in message:
                replies.append(message)

        self._wait(lambda: bool(replies), keep)
        if "error" in replies[0]:
            raise AssertionError(f"{method}: {replies[0]['error']}")
        return replies[0].get("result")

    def _notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _send(self, message: dict[str, Any]) -> None:
        assert self._process.stdin is not None
        body = json.dumps(message).encode()
        self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._process.stdin.flush()

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline().strip()):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not length:
                return
            self._messages.put(json.loads(stream.read(length)))

    def _wait(self, done: Any, on_message: Any = None) -> None:
        end = time.monotonic() + self.timeout
        while not done():
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError("the language server did not answer in time")
            try:
                message = self._messages.get(timeout=left)
            except queue.Empty:
                continue
            self._handle(message)
            if on_message is not None:
                on_message(message)

    def _handle(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self._diagnostics[params["uri"]] = params["diagnostics"]
        elif method is not None and "id" in message:  # a request from the server
            result = [_SETTINGS for _ in message["params"]["items"]] \
                if method == "workspace/configuration" else None
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})


#: Only the schema each file names: no schema store, so the test needs no network.
_SETTINGS = {"validate": True, "hover": True, "completion": True,
             "schemaStore": {"enable": False}}
