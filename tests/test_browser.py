"""The site in a real headless browser: pages load, search highlights, charts draw their SVG."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from kb.serve import make_datasette

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None) or shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(site_db):
    """The site served by uvicorn on a free local port, as `kb serve` would."""
    if not CHROMIUM:
        pytest.skip("chromium is not installed")
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(make_datasette(site_db, immutable=True).app(), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the site did not start")
            time.sleep(0.1)
    yield base
    uv.should_exit = True
    thread.join(timeout=10)


def chromium(tmp_path: Path, *args: str) -> str:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def dump_dom(tmp_path: Path, url: str) -> str:
    return chromium(tmp_path, "--dump-dom", url)


def test_home_page(server, tmp_path):
    dom = dump_dom(tmp_path, server + "/")
    assert "ketamine-kb" in dom
    assert 'href="/-/charts"' in dom


def test_search_result_highlights_and_stays_inert(server, tmp_path):
    dom = dump_dom(tmp_path, server + "/kb/search?q=script")
    assert "<mark>script</mark>" in dom
    # The harvested <script> is text in the DOM, never an element.
    assert "&lt;<mark>script</mark>&gt;alert(1)" in dom


def test_charts_drew_svg(server, tmp_path):
    dom = dump_dom(tmp_path, server + "/-/charts")
    per_year = dom.split('id="kb-per-year"', 1)[1].split('id="kb-forest"', 1)[0]
    assert "<svg" in per_year and per_year.count('class="bar"') == 5
    forest = dom.split('id="kb-forest"', 1)[1]
    # PTSD mean difference; depression mean difference, odds ratio (log scale) and SMD.
    assert forest.count("<svg") == 4
    assert forest.count('class="ci"') == 5
    assert ">0.5</text>" in forest or ">1</text>" in forest  # log-scale ticks on the odds-ratio panel
    assert 'href="/-/document/pmid:90000002"' in forest


def test_screenshots(server, tmp_path):
    """Screenshots of the charts and document pages, kept for a human to look at when asked."""
    for name, path in (("charts", "/-/charts"), ("document", "/-/document/pmid:90000001")):
        out = tmp_path / f"{name}.png"
        chromium(tmp_path, f"--screenshot={out}", "--window-size=1280,1400", server + path)
        assert out.stat().st_size > 10_000
