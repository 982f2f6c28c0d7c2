/// The dashboard's stylesheet and script, compiled into the binary: pages fetch nothing from
/// the network (no CDN, no fonts), and the script is the only one pages load (the
/// Content-Security-Policy forbids inline script).
enum DashboardAssets {
    /// The asset named `name` (`dashboard.css`, `dashboard.js`), or nil.
    static func named(_ name: String) -> DashboardResponse? {
        switch name {
        case "dashboard.css": DashboardResponse(contentType: "text/css; charset=utf-8", body: css)
        case "dashboard.js": DashboardResponse(contentType: "text/javascript; charset=utf-8", body: script)
        default: nil
        }
    }

    static let css = """
        body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
        nav{background:#263238;padding:8px 24px;display:flex;gap:18px;align-items:center}
        nav a{color:#eceff1;text-decoration:none;font-size:14px}nav a.brand{font-weight:bold;font-size:16px}
        main{margin:16px 24px;max-width:1400px}
        h1{font-size:22px;margin:8px 0 12px}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
        table{border-collapse:collapse;font-size:13px;margin:8px 0;background:#fff}
        th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;vertical-align:top}th{background:#f1f3f4}
        td.l,th.l,table.facts th,table.facts td{text-align:left}th a{color:#222;text-decoration:none}
        .charts{display:flex;flex-wrap:wrap;gap:12px}svg{border:1px solid #e0e0e0;background:#fff}
        .note{font-size:13px;color:#555}.warn{color:#b00020;font-weight:bold}.description{color:#444;font-size:13px}
        .progress meter{width:140px;height:12px;vertical-align:middle}.progress-label{font-size:12px}
        .state-running{color:#1565c0;font-weight:bold}.state-finished{color:#2e7d32}.state-failed,.state-crashed{color:#b00020}
        .state-pruned,.state-stopped{color:#8d6e63}td.reason{max-width:420px;overflow-wrap:anywhere;color:#8a1c1c}
        tr.diff th,tr.diff td{background:#fff3cd}tr.group th{background:#e8eaed;font-weight:600}.filters{margin:8px 0;font-size:13px}.mono{font-family:monospace}
        .pager a{margin:0 4px}
        """

    static let script = """
        "use strict";
        (function () {
          const live = document.body.dataset.live;
          if (!live) return;
          const every = 2000;
          const text = (el, value) => { if (el && el.textContent !== value) el.textContent = value; };
          const fixed = (x) => (x === null || x === undefined) ? "-" : (typeof x === "number" ? x.toFixed(4) : String(x));
          const duration = (s) => {
            if (s === null || s === undefined) return "-";
            if (s < 60) return s.toFixed(1) + "s";
            const r = Math.round(s);
            if (r < 3600) return Math.floor(r / 60) + "m " + String(r % 60).padStart(2, "0") + "s";
            return Math.floor(r / 3600) + "h " + String(Math.floor((r % 3600) / 60)).padStart(2, "0") + "m";
          };
          const runLink = (sweep, run, label) => {
            const a = document.createElement("a");
            a.href = "/sweeps/" + encodeURIComponent(sweep) + "/runs/" + run;
            a.textContent = label;
            return a;
          };
          const setProgress = (root, done, total) => {
            if (!root) return;
            const meter = root.querySelector("meter");
            if (meter) meter.value = total ? Math.min(1, done / total) : 1;
            text(root.querySelector(".progress-label"), total ? done + "/" + total : String(done));
          };
          const setBest = (el, sweep, best, separator) => {
            if (!el) return;
            const label = best ? "run " + best.run + separator + fixed(best.metric) : "-";
            if (el.textContent === label) return;
            el.replaceChildren();
            if (!best) { el.textContent = "-"; return; }
            el.append(runLink(sweep, best.run, "run " + best.run), separator + fixed(best.metric));
          };
          const field = (root, name) => root.querySelector('[data-field="' + name + '"]');
          const fragment = async (el, url) => {
            const response = await fetch(url, { headers: { "Accept": "text/html" } });
            if (!response.ok) return;
            const html = await response.text();
            if (el.dataset.last !== html) { el.dataset.last = html; el.innerHTML = html; }
          };
          const sweepProgress = (root, p) => {
            text(field(root, "state"), p.state);
            setProgress(field(root, "progress"), p.finished, p.planned);
            text(field(root, "agents"), String(p.running_agents));
            text(field(root, "wall"), duration(p.wall_seconds));
          };
          const tick = async () => {
            if (document.hidden) return true;
            const response = await fetch(live, { headers: { "Accept": "application/json" } });
            if (!response.ok) return true;
            const data = await response.json();
            if (data.sweeps) {
              for (const p of data.sweeps) {
                const row = [...document.querySelectorAll("tr[data-sweep]")].find((r) => r.dataset.sweep === p.name);
                if (!row) continue;
                sweepProgress(row, p);
                text(field(row, "running"), String(p.counts.running || 0));
                text(field(row, "runs"), String(p.runs));
                setBest(field(row, "best"), p.name, p.best, " ");
              }
              return true;
            }
            if (data.counts) {
              sweepProgress(document, data);
              const states = ["running", "finished", "failed", "crashed", "pruned", "stopped"]
                .filter((s) => data.counts[s] !== undefined).map((s) => s + " " + data.counts[s]).join(", ");
              text(field(document, "states"), states || "none yet");
              setBest(field(document, "best"), data.name, data.best, " · ");
              const body = document.getElementById("runs-body");
              if (body) await fragment(body, body.dataset.rows);
              return true;
            }
            if (data.run) {
              const r = data.run;
              text(field(document, "state"), r.state);
              const state = field(document, "state");
              if (state) state.className = "state-" + r.state;
              text(field(document, "reason"), r.error || "-");
              text(field(document, "metric"), fixed(r.metric));
              const done = r.steps !== null ? String(r.steps)
                : (data.last_logged_step !== null ? data.last_logged_step + " (logged)" : "-");
              text(field(document, "steps"), done + (r.planned_steps === null ? "" : " of " + r.planned_steps));
              text(field(document, "seconds"), duration(r.seconds));
              if (data.finished_at) text(field(document, "finished"), new Date(data.finished_at * 1000).toISOString().replace(/\\.\\d+Z$/, "Z"));
              const curves = document.getElementById("curves");
              if (curves) await fragment(curves, curves.dataset.curves);
              return r.state === "running";
            }
            return true;
          };
          const loop = async () => {
            let again = true;
            try { again = await tick(); } catch (e) { again = true; }
            if (again) setTimeout(loop, every);
          };
          setTimeout(loop, every);
        })();
        """
}
