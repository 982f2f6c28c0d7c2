#!/usr/bin/env python3
"""Checks `mfsweep serve` in a real browser: headless Chromium driven over the DevTools protocol.

    scripts/check-dashboard.py [MFSWEEP] [--out DIR]

MFSWEEP defaults to .build/debug/mfsweep; screenshots go to DIR (default: a temporary folder,
printed). It
  1. makes a store in a temporary folder: a command sweep "xss" whose description and failed
     run's reason are `<img src=x onerror=alert(1)>`, then a built-in sweep "live" (same
     description) that one agent is still running;
  2. starts `mfsweep serve --port 0` on it and opens its pages in headless Chromium;
  3. checks that a run's page shows it running, then finished, without a reload, and that its
     curves grew meanwhile;
  4. checks that the sweep page's charts render (SVGs with marks, a screenshot that is not blank);
  5. checks on every page that the markup shows as text, creates no <img> and opens no dialog.
Exits 0 when every check passes, 1 when one fails, and 0 with "skip:" when no Chromium is
installed. Python's standard library only (its own small WebSocket client).
"""
import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

ATTACK = "<img src=x onerror=alert(1)>"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


class DevTools:
    """A minimal CDP client over one WebSocket (RFC 6455, client frames masked)."""

    def __init__(self, ws_url):
        rest = ws_url[len("ws://"):]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        if b" 101 " not in response.split(b"\r\n")[0]:
            fail(f"DevTools refused the WebSocket: {response[:80]!r}")
        self.next_id = 0
        self.events = []

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        n = len(data)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def _exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                fail("DevTools closed the connection")
            out += chunk
        return out

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(n)
            opcode = b0 & 0x0F
            if opcode in (0x1, 0x0):
                message += payload
                if b0 & 0x80:
                    return json.loads(message)
            elif opcode == 0x8:
                fail("DevTools closed the WebSocket")

    def call(self, method, **params):
        self.next_id += 1
        wanted = self.next_id
        self._send(json.dumps({"id": wanted, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    fail(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            fail(f"evaluating {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def navigate(self, url):
        self.call("Page.navigate", url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.evaluate("document.readyState") == "complete":
                return
            time.sleep(0.1)
        fail(f"{url} did not load")

    def screenshot(self, path):
        height = self.evaluate("Math.ceil(document.documentElement.scrollHeight)") or 1000
        self.call("Emulation.setDeviceMetricsOverride", width=1400, height=min(int(height), 6000),
                  deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def dialogs(self):
        return [e for e in self.events if e["method"] == "Page.javascriptDialogOpening"]


def png_is_blank(path):
    """True when the PNG has almost no non-white pixels or only a couple of colours."""
    data = open(path, "rb").read()
    pos, chunks = 8, {}
    idat = b""
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            chunks["IHDR"] = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    width, height, depth, colour = struct.unpack(">IIBB", chunks["IHDR"][:10])
    channels = {2: 3, 6: 4}.get(colour, 3)
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    inked, colours, i = 0, set(), 0
    for _ in range(height):
        filter_type = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if filter_type == 1:
                line[x] = (line[x] + a) & 0xFF
            elif filter_type == 2:
                line[x] = (line[x] + b) & 0xFF
            elif filter_type == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif filter_type == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        for x in range(0, stride, channels * 3):
            pixel = tuple(line[x:x + 3])
            if pixel != (255, 255, 255):
                inked += 1
            if len(colours) < 64:
                colours.add(pixel)
        previous = line
    return inked < 2000 or len(colours) < 8


def main():
    args = [a for a in sys.argv[1:]]
    out = None
    if "--out" in args:
        k = args.index("--out")
        out = args[k + 1]
        del args[k:k + 2]
    mfsweep = os.path.abspath(args[0] if args else ".build/debug/mfsweep")
    browser = next((shutil.which(c) for c in ["chromium", "chromium-browser", "google-chrome"] if shutil.which(c)), None)
    if browser is None:
        print("skip: no chromium found (Debian: apt-get install -y chromium); the dashboard was not checked in a browser")
        return 0
    if not os.access(mfsweep, os.X_OK):
        print(f"usage: {sys.argv[0]} [MFSWEEP] [--out DIR]: no executable at {mfsweep}", file=sys.stderr)
        return 64
    work = tempfile.mkdtemp(prefix="mfsweep-dashboard-")
    out = out or os.path.join(work, "screenshots")
    os.makedirs(out, exist_ok=True)
    store = os.path.join(work, "store.sqlite")
    processes = []

    def stop_all():
        for p in processes:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)

    try:
        return check(mfsweep, browser, work, out, store, processes)
    finally:
        stop_all()
        shutil.rmtree(os.path.join(work, "profile"), ignore_errors=True)


def start(processes, argv, **kwargs):
    p = subprocess.Popen(argv, start_new_session=True, **kwargs)
    processes.append(p)
    return p


def check(mfsweep, browser, work, out, store, processes):
    # 1. The store: a finished command sweep with a failed run, then a sweep an agent runs.
    program = os.path.join(work, "fails.sh")
    with open(program, "w") as f:
        f.write("#!/bin/sh\necho '{\"step\": 0, \"loss\": 1.0}'\necho '" + ATTACK + "' >&2\nexit 1\n")
    os.chmod(program, 0o755)
    xss = {"name": "xss", "description": ATTACK, "method": "random", "count": 1,
           "metric": {"name": "loss", "goal": "minimize"}, "command": [program],
           "parameters": {"x": {"values": [1, 2]}}}
    live = {"name": "live", "description": ATTACK, "method": "random", "count": 3, "seed": 3,
            "metric": {"name": "Test omse_mean", "goal": "minimize"},
            "data": {"synthetic": {"users": 2000, "items": 1000, "density": 0.05, "seed": 1}},
            "validation": {"folds": 2},
            "parameters": {"emb_dim": {"values": [8, 16]}, "ell_2": {"min": 0.01, "max": 0.5},
                           "steps": {"value": 6000}, "optimizer": {"value": "adam"}, "gram": {"value": 0}}}
    for sweep in (xss, live):
        with open(os.path.join(work, sweep["name"] + ".json"), "w") as f:
            json.dump(sweep, f)
    done = subprocess.run([mfsweep, "launch", os.path.join(work, "xss.json"), "--store", store, "--agents", "1"],
                          capture_output=True, text=True, timeout=120)
    if "failed" not in (done.stdout + done.stderr):
        print(done.stdout, done.stderr)
    launch_log = open(os.path.join(work, "launch.log"), "w")
    start(processes, [mfsweep, "launch", os.path.join(work, "live.json"), "--store", store, "--agents", "1"],
          stdout=launch_log, stderr=subprocess.STDOUT)

    # 2. The server, once the sweep has a running run.
    deadline = time.time() + 60
    while time.time() < deadline and not os.path.exists(store):
        time.sleep(0.2)
    serve = start(processes, [mfsweep, "serve", "--store", store, "--port", "0"], stdout=subprocess.PIPE, text=True)
    line = serve.stdout.readline()
    if "serving http://" not in line:
        fail(f"serve printed {line!r}")
    base = line.split()[1].rstrip("/")
    print(line.strip())

    def api(path):
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return json.load(r)

    running = None
    while time.time() < deadline:
        try:
            runs = api("/api/sweeps/live/runs?state=running")["runs"]
        except Exception:
            runs = []
        if runs:
            running = runs[0]["number"]
            break
        time.sleep(0.3)
    if running is None:
        fail("no run of sweep live started within 60 s")

    profile = os.path.join(work, "profile")
    chrome = start(processes, [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               "--disable-extensions", "--remote-debugging-port=0", f"--user-data-dir={profile}",
                               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1", "about:blank"],
                   stderr=subprocess.PIPE, text=True)
    ws = None
    while time.time() < deadline + 30:
        line = chrome.stderr.readline()
        if "DevTools listening on" in line:
            ws = line.split("DevTools listening on ")[1].strip()
            break
        if not line and chrome.poll() is not None:
            fail("chromium exited before DevTools listened")
    if ws is None:
        fail("chromium's DevTools did not start")
    port = ws.split(":")[2].split("/")[0]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
        pages = [t for t in json.load(r) if t["type"] == "page"]
    tab = DevTools(pages[0]["webSocketDebuggerUrl"])
    tab.call("Page.enable")
    tab.call("Runtime.enable")

    # 3. A run moves from running to finished on its page, without a reload.
    tab.navigate(f"{base}/sweeps/live/runs/{running}")
    tab.evaluate("window.__loadedOnce = 'yes'")
    state = tab.evaluate("document.querySelector('[data-field=state]').textContent")
    if state != "running":
        fail(f"run {running}'s page shows {state!r}, expected running")
    points = ("[...document.querySelectorAll('#curves polyline')]"
              ".reduce((n, p) => n + p.getAttribute('points').split(' ').length, 0)")
    polylines_first = tab.evaluate(points)
    tab.screenshot(os.path.join(out, "run-running.png"))
    finished_at = None
    end = time.time() + 240
    while time.time() < end:
        state = tab.evaluate("document.querySelector('[data-field=state]').textContent")
        if state != "running":
            finished_at = time.time()
            break
        time.sleep(0.5)
    if state != "finished":
        fail(f"run {running}'s page shows {state!r} after waiting, expected finished")
    if tab.evaluate("window.__loadedOnce") != "yes":
        fail("the run page was reloaded")
    time.sleep(2.5)  # the last poll also refreshes the curves
    polylines_last = tab.evaluate(points)
    if polylines_last <= polylines_first:
        fail(f"the curves did not grow ({polylines_first} → {polylines_last} points)")
    tab.screenshot(os.path.join(out, "run-finished.png"))
    print(f"ok: run {running} went running → finished on its page without a reload; curves {polylines_first} → {polylines_last} points")

    # 4. The sweep page's charts render.
    while time.time() < end and api("/api/sweeps/live/progress")["finished"] < 2:
        time.sleep(1)
    tab.navigate(f"{base}/sweeps/live")
    charts = tab.evaluate("""[...document.querySelectorAll('svg')].map(s => {
        const r = s.getBoundingClientRect();
        return [s.getAttribute('aria-label'), Math.round(r.width), Math.round(r.height), s.querySelectorAll('*').length];
    })""")
    if len(charts) < 3:
        fail(f"the sweep page drew {len(charts)} charts: {charts}")
    for label, w, h, marks in charts:
        if w < 100 or h < 100 or marks < 10:
            fail(f"chart {label!r} is blank ({w}×{h}, {marks} elements)")
    shot = os.path.join(out, "sweep.png")
    tab.screenshot(shot)
    if png_is_blank(shot):
        fail(f"{shot} is blank")
    print(f"ok: the sweep page drew {len(charts)} charts: " + "; ".join(c[0] for c in charts))

    # 5. The markup is text everywhere.
    for path, shows in [("/", True), ("/sweeps/live", True), ("/sweeps/xss", True), ("/sweeps/xss/runs/1", True),
                        ("/compare?run=xss:1&run=live:1", True), ("/models", False)]:
        tab.navigate(base + path)
        time.sleep(0.3)
        text = tab.evaluate("document.body.innerText")
        images = tab.evaluate("document.querySelectorAll('img').length")
        if shows and ATTACK not in text:
            fail(f"{path}: the description or reason is not shown as text")
        if images:
            fail(f"{path}: the page has {images} <img> elements")
        name = path.strip("/").replace("/", "-").split("?")[0] or "sweeps"
        tab.screenshot(os.path.join(out, f"page-{name}.png"))
    if tab.dialogs():
        fail(f"a dialog opened: {tab.dialogs()}")
    print("ok: <img src=x onerror=alert(1)> shows as text on every page; no <img>, no dialog")
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
