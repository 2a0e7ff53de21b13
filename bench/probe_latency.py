"""Latency of decisive evidence (docs/performance.md, The service).

usage: python3 bench/probe_latency.py MOSAIC DB BUNDLE BATCH.json WORKDIR [N [serve flags...]]

Starts `mosaic serve` over DB (a company scanned into it first), with a local webhook receiver,
then posts N applications one at a time, each reusing a different `high` person's phone and
submission address from another home (the service contract's latency probe), and times each
call to the arrival of its alert. Prints one JSON line: latencies, p50, p99, and serve's peak RSS.
Only the Python standard library; traffic stays on loopback.
"""
import csv, io, json, os, re, socket, subprocess, sys, threading, time, http.server, random, urllib.request, signal
mosaic, db, bundle, batch, work = sys.argv[1:6]
n = int(sys.argv[6]) if len(sys.argv) > 6 else 20
extra = sys.argv[7:]
os.makedirs(work, exist_ok=True)
def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
alerts = []
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        a = json.loads(body); a["_got"] = time.time(); alerts.append(a)
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
hp = free_port()
hs = http.server.ThreadingHTTPServer(("127.0.0.1", hp), Hook)
threading.Thread(target=hs.serve_forever, daemon=True).start()
open(os.path.join(work, "secret"), "w").write("whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
r = subprocess.run([mosaic, "tokens", "create", "--db", db, "--role", "ingest", "--name", "probe%d" % time.time()], capture_output=True, text=True)
tok = max(re.findall(r"[A-Za-z0-9_.~+=-]{20,}", r.stdout), key=len)
port = free_port()
t0 = time.time()
srv = subprocess.Popen([mosaic, "serve", "--db", db, "--listen", f"127.0.0.1:{port}", "--alert-webhook", f"http://127.0.0.1:{hp}/hook",
                        "--alert-secret-file", os.path.join(work, "secret"), "--log-level", "debug"] + extra,
                       stdout=open(os.path.join(work, "serve.out"), "w"), stderr=open(os.path.join(work, "serve.err"), "w"))
base = f"http://127.0.0.1:{port}"
while True:
    try:
        with urllib.request.urlopen(base + "/readyz", timeout=2) as rr:
            if rr.status == 200: break
    except OSError:
        time.sleep(0.5)
print("ready after %.1f s" % (time.time() - t0), flush=True)
time.sleep(15)  # let the start-up alerts drain
apps = {r["application_id"]: r for r in csv.DictReader(open(os.path.join(bundle, "applications.csv"), encoding="utf-8"))}
high = [s for s in json.load(open(batch))["subjects"] if s["level"] in ("high", "critical")]
donors = [apps[x] for s in high for x in s["application_ids"] if x in apps and apps[x].get("phone")]
random.Random(7).shuffle(donors)
fields = list(next(iter(apps.values())).keys())
lat = []
for k, d in enumerate(donors[:n]):
    r = dict(d)
    r.update(application_id=f"ZLAT{int(t0)%100000}{k:04d}", candidate_id=f"ZC{int(t0)%100000}{k:04d}", first_name="Jordan", last_name=f"Probe{k}x{int(t0)%100000}",
             email=f"jordan.probe{k}.{int(t0)}@example.org", resume_file="", photo_file="", linkedin_url="", github_url="",
             address_line1=f"{k + 1} Probe Way", address_line2="", city="Boise", region="ID", postal_code="83702", country="US")
    buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=fields); w.writeheader(); w.writerow(r)
    t1 = time.time()
    rq = urllib.request.Request(base + "/api/v1/ingest/applications", data=buf.getvalue().encode(), method="POST")
    rq.add_header("Authorization", "Bearer " + tok); rq.add_header("Content-Type", "text/csv")
    urllib.request.urlopen(rq, timeout=120).read()
    got = None
    while time.time() - t1 < 60:
        hit = [a for a in alerts if r["application_id"] in (a.get("application_ids") or [])]
        if hit: got = round(hit[0]["_got"] - t1, 3); break
        time.sleep(0.01)
    lat.append(got)
    print(k, got, flush=True)
    time.sleep(0.5)
hwm = [l for l in open(f"/proc/{srv.pid}/status") if l.startswith(("VmHWM", "VmRSS"))]
srv.send_signal(signal.SIGTERM); srv.wait(60)
ok = sorted(x for x in lat if x is not None)
def pct(p): return ok[min(len(ok) - 1, int(round(p * (len(ok) - 1))))] if ok else None
print(json.dumps({"probes": len(lat), "alerted": len(ok), "p50": pct(0.5), "p99": pct(0.99), "max": ok[-1] if ok else None, "latencies": lat, "rss": [h.split()[1] + " kB " + h.split()[0] for h in hwm]}))
