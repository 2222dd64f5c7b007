"""App rows: the Code page rerun (AppTest) and the app's peak memory.

The memory row serves the big project with ``streamlit run`` on a free
loopback port, loads the Project page (and the Code and Analyse pages when
they exist) in Debian's headless Chromium through Playwright, waits until
each page is idle and reads the server's peak RSS (``VmHWM``) from /proc.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from benchmarks.config import ROOT
from benchmarks.harness import Row, Timing

CODE_PAGE = ROOT / "app_pages" / "code.py"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


@contextmanager
def _project_env(location: str):
    saved = {k: os.environ.get(k) for k in ("QDA_PROJECT", "QDA_HOME")}
    os.environ["QDA_PROJECT"] = location
    os.environ["QDA_HOME"] = os.path.dirname(location)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def code_page_rows(ws) -> None:
    cfg = ws.cfg
    size = f"{cfg.big_docs} docs, {cfg.big_codings:,} codings"
    title = "Code page rerun after applying a code (AppTest)"
    if not CODE_PAGE.exists():
        ws.report.add(Row("codepage.rerun", title, size,
                          note="not available yet: app_pages/code.py does not exist"))  # fmt: skip
        return
    from streamlit.testing.v1 import AppTest

    big = ws.big()
    project = big.project
    samples, guids = [], []
    with _project_env(project.location):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page("app_pages/code.py")
        at.run()
        if at.exception:
            raise RuntimeError(f"Code page failed: {at.exception[0].message}")
        document = big.documents[0]["guid"]
        sentences = project.corpus.segments(document, kind="sentence")
        for i in range(cfg.runs + 1):
            seg = sentences[(i * 7) % len(sentences)]
            guids.append(project.coding.apply_code(big.code_guids[-1], "cy", segment=seg["guid"]))
            began = time.perf_counter()
            at.run()
            if i:  # the first rerun warms up
                samples.append(time.perf_counter() - began)
            if at.exception:
                raise RuntimeError(f"Code page failed: {at.exception[0].message}")
    for guid in guids:
        project.coding.remove_coding(guid, coder="cy")
    ws.report.add(Row("codepage.rerun", title, size, timing=Timing(samples), target=0.300,
                      note="code applied through the facade, then the page rerun"))  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status_mib(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


def _serve(location: str, port: int, log_path) -> subprocess.Popen:
    env = {**os.environ, "QDA_PROJECT": location, "QDA_HOME": os.path.dirname(location)}
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    proc.log = log  # type: ignore[attr-defined]
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return proc
        except OSError:
            time.sleep(0.3)
    _stop(proc)
    raise RuntimeError("streamlit did not start")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.log.close()  # type: ignore[attr-defined]


def _wait_idle(page) -> None:
    """Until the page shows its title and Streamlit has been idle for a moment."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
    try:
        page.wait_for_selector("h1", timeout=60_000)
    except Exception:  # noqa: BLE001 - a page without a title still counts once idle
        pass
    for _ in range(3):
        page.wait_for_timeout(400)
        page.wait_for_function(
            """() => !document.querySelector('[data-testid="stStatusWidget"]')""",
            timeout=120_000,
        )


def app_memory_rows(ws) -> None:
    cfg = ws.cfg
    pages = [p for p in ("code", "analyse") if (ROOT / "app_pages" / f"{p}.py").exists()]
    loaded = ", ".join(["project", *pages])
    size = f"{cfg.big_docs} docs, {cfg.big_codings:,} codings; pages: {loaded}"
    title = "Peak RSS of `streamlit run` serving the big project"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if chromium is None or sync_playwright is None:
        ws.report.add(Row("memory.app", title, size,
                          note="not measured: Chromium or Playwright is missing"))  # fmt: skip
        return
    location = ws.big().project.location
    peaks: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            for r in range(cfg.runs):
                port = _free_port()
                proc = _serve(location, port, ws.tmp / f"streamlit-{r}.log")
                try:
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.goto(f"http://127.0.0.1:{port}/")
                    _wait_idle(page)
                    for name in pages:
                        page.goto(f"http://127.0.0.1:{port}/{name}")
                        _wait_idle(page)
                    peaks.append(_status_mib(proc.pid, "VmHWM"))
                    page.close()
                finally:
                    _stop(proc)
                ws.log(f"  app run {r + 1}: peak {peaks[-1]:.0f} MiB")
        finally:
            browser.close()
    ws.report.add(Row("memory.app", title, size, timing=Timing(peaks, unit="MiB"),
                      note="VmHWM of the server process after the pages are idle"))  # fmt: skip
