"""The peer: Taguette 1.5.2 doing the same work over its HTTP API.

Taguette is installed with pip into its own virtual environment under the
system temp folder (reused by later runs), never into ours, and started with
``taguette --no-browser --bind 127.0.0.1 --port P --database FILE``. It prints
a login URL with a token; we log in with it, read the ``_xsrf`` cookie from a
form page and send it back as the ``X-XSRFToken`` header. Then, on the
transcripts of the small project: create a project, upload each transcript as
.html (so Calibre is not needed), create one tag per code, add the same
highlights (UTF-8 byte offsets of the HTML's text content) and export all
highlights as CSV. The server is stopped by its own process id.
"""

from __future__ import annotations

import csv
import io
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import utf8_offsets
from benchmarks.harness import Row, Timing

VERSION = "1.5.2"
TOKEN = re.compile(r"\?token=([0-9a-f]+)")


class PeerUnavailable(Exception):
    """Taguette could not be installed or started; the reason is one line."""


def taguette_venv(log) -> Path:
    """The Taguette venv, created and installed on first use."""
    venv = Path(tempfile.gettempdir()) / f"qda-bench-taguette-{VERSION}" / "taguette-venv"
    exe = venv / "bin" / "taguette"
    if exe.exists():
        return venv
    log(f"installing taguette=={VERSION} into {venv}")
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "pip"), "install", "--quiet", f"taguette=={VERSION}"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PeerUnavailable(f"{' '.join(step[:3])} failed: {tail[0]}")
    return venv


class Taguette:
    def __init__(self, venv: Path, folder: Path):
        import requests

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "taguette.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [str(venv / "bin" / "taguette"), "--no-browser", "--bind", "127.0.0.1",
             "--port", str(self.port), "--database", str(folder / "taguette.sqlite3")],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=folder,
            env={"HOME": str(folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )  # fmt: skip
        token = self._wait_for_token()
        self.http = requests.Session()
        reply = self.http.get(f"{self.base}/?token={token}", timeout=30)
        reply.raise_for_status()
        self.http.get(f"{self.base}/project/new", timeout=30).raise_for_status()
        self.xsrf = self.http.cookies.get("_xsrf")
        if not self.xsrf:
            raise PeerUnavailable("Taguette gave no _xsrf cookie after login")
        self.headers = {"X-XSRFToken": self.xsrf}

    def _wait_for_token(self) -> str:
        deadline = time.time() + 90
        while time.time() < deadline:
            found = TOKEN.search(self.log_path.read_text(encoding="utf-8", errors="replace"))
            if found:
                return found.group(1)
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        tail = self.log_path.read_text(encoding="utf-8", errors="replace").strip()[-300:]
        raise PeerUnavailable(f"Taguette did not print its login URL: {tail}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def _ok(self, reply) -> dict:
        if reply.status_code >= 400:
            raise PeerUnavailable(f"Taguette {reply.request.path_url}: {reply.status_code} {reply.text[:200]}")  # fmt: skip
        return reply.json() if reply.headers.get("Content-Type", "").startswith("application/json") else {}  # fmt: skip

    def new_project(self, name: str) -> int:
        reply = self.http.post(
            f"{self.base}/project/new",
            data={"name": name, "description": "", "_xsrf": self.xsrf},
            allow_redirects=False,
            timeout=30,
        )
        location = reply.headers.get("Location", "")
        if reply.status_code != 303 or not location.rsplit("/", 1)[-1].isdigit():
            raise PeerUnavailable(f"Taguette: creating a project gave {reply.status_code}")
        return int(location.rsplit("/", 1)[-1])

    def upload(self, project: int, name: str, html: bytes) -> int:
        reply = self.http.post(
            f"{self.base}/api/project/{project}/document/new",
            data={"name": name, "description": ""},
            files={"file": (f"{name}.html", html, "text/html")},
            headers=self.headers,
            timeout=120,
        )
        return self._ok(reply)["created"]

    def new_tag(self, project: int, path: str) -> int:
        reply = self.http.post(
            f"{self.base}/api/project/{project}/tag/new",
            json={"path": path, "description": ""},
            headers=self.headers,
            timeout=30,
        )
        return self._ok(reply)["id"]

    def highlight(self, project: int, document: int, start: int, end: int, tag: int) -> int:
        reply = self.http.post(
            f"{self.base}/api/project/{project}/document/{document}/highlight/new",
            json={"start_offset": start, "end_offset": end, "tags": [tag]},
            headers=self.headers,
            timeout=30,
        )
        return self._ok(reply)["id"]

    def export_csv(self, project: int) -> bytes:
        reply = self.http.get(f"{self.base}/project/{project}/export/highlights/.csv", timeout=120)
        if reply.status_code != 200:
            raise PeerUnavailable(f"Taguette CSV export gave {reply.status_code}")
        return reply.content


def _timed(call):
    began = time.perf_counter()
    out = call()
    return out, time.perf_counter() - began


def run_peer(ws) -> dict[str, Timing]:
    """Time Taguette on the small project's corpus, codes and codings."""
    cfg, small = ws.cfg, ws.small()
    folder = ws.tmp / "taguette"
    folder.mkdir()
    server = Taguette(taguette_venv(ws.log), folder)
    ws.log(f"Taguette {VERSION} running on port {server.port} (pid {server.proc.pid})")
    try:
        project = server.new_project("Benchmark")
        imports, highlights, exports = [], [], []
        documents = []
        for t in small.transcripts:
            doc, seconds = _timed(lambda t=t: server.upload(project, t.name, t.html()))
            documents.append(doc)
            imports.append(seconds)
        tags = [server.new_tag(project, path) for path in small.code_paths]
        ids = []
        for c in small.plan:
            t = small.transcripts[c.document]
            start, end = utf8_offsets(t, c.start, c.end)
            doc, tag = documents[c.document], tags[c.code]
            made, seconds = _timed(
                lambda d=doc, a=start, b=end, g=tag: server.highlight(project, d, a, b, g)
            )
            ids.append(made)
            highlights.append(seconds)
        ws.log(f"Taguette: {len(highlights)} highlights added")
        for r in range(cfg.runs + 1):
            data, seconds = _timed(lambda: server.export_csv(project))
            if r:
                exports.append(seconds)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        if len(rows) - 1 != len(small.plan):
            raise PeerUnavailable(f"Taguette exported {len(rows) - 1} highlights")
        content = {int(r[0]): r[3] for r in rows[1:]}
        for made, c in list(zip(ids, small.plan, strict=True))[:: max(1, len(ids) // 20)]:
            expected = small.transcripts[c.document].text[c.start : c.end]
            if content.get(made, "").strip() != expected.strip():
                raise PeerUnavailable(
                    f"Taguette's highlight {made} reads {content.get(made)!r}, not {expected!r}"
                )
    finally:
        server.stop()
    return {"import": Timing(imports), "highlight": Timing(highlights), "csv": Timing(exports)}


def peer_rows(ws) -> None:
    cfg = ws.cfg
    pairs = {"import": "import.one", "highlight": "coding.apply.small", "csv": "exports.csv"}
    titles = {
        "import": ("peer.import.one", "Taguette: upload one transcript (.html)",
                   f"1 doc x {cfg.doc_bytes / 1000:.0f} KB"),
        "highlight": ("peer.highlight", "Taguette: add a highlight",
                      f"{cfg.peer_docs} docs, {cfg.peer_codings:,} highlights"),
        "csv": ("peer.csv", "Taguette: export all highlights as CSV",
                f"{cfg.peer_codings:,} highlights, {cfg.peer_docs} docs"),
    }  # fmt: skip
    try:
        timings = run_peer(ws)
        note = ""
    except PeerUnavailable as err:
        timings, note = {}, f"Taguette not available: {err}"
    except Exception as err:  # noqa: BLE001 - the peer must never stop the run
        timings, note = {}, f"Taguette failed: {type(err).__name__}: {err}"
    if note:
        ws.log(note)
    for key, (name, title, size) in titles.items():
        timing = timings.get(key)
        ws.report.add(Row(name, title, size, timing=timing, note=note))
        ours = ws.report.row(pairs[key])
        if ours is not None and timing is not None:
            ours.peer = timing
