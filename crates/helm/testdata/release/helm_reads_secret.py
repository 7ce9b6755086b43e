"""Serve one release Secret from a minimal fake Kubernetes API on loopback and
read it back with Helm's Go SDK (helm-python-sdk, secrets storage driver).

Usage: helm_reads_secret.py <secret.json>
Prints the SDK's view of the release (get_all) as JSON."""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import helm_python as helm

secret = json.load(open(sys.argv[1]))
ns = secret["metadata"]["namespace"]
requests = []


class Api(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        requests.append(self.path)
        if url.path == "/version":
            return self.send(200, {"major": "1", "minor": "30", "gitVersion": "v1.30.0"})
        if url.path == f"/api/v1/namespaces/{ns}/secrets":
            sel = parse_qs(url.query).get("labelSelector", [""])[0]
            want = dict(p.split("=", 1) for p in sel.split(",") if "=" in p)
            items = [secret] if all(secret["metadata"]["labels"].get(k) == v for k, v in want.items()) else []
            return self.send(200, {"apiVersion": "v1", "kind": "SecretList", "metadata": {}, "items": items})
        if url.path == f"/api/v1/namespaces/{ns}/secrets/{secret['metadata']['name']}":
            return self.send(200, secret)
        return self.send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404})


server = HTTPServer(("127.0.0.1", 0), Api)
threading.Thread(target=server.serve_forever, daemon=True).start()
cfg = helm.Config(kube_apiserver=f"http://127.0.0.1:{server.server_port}", kube_token="t", namespace=ns)
name = secret["metadata"]["labels"]["name"]
try:
    out = {"get_all": cfg.get_all(name), "history": cfg.history(name)}
except Exception as exc:  # noqa: BLE001 - reported to the Rust side
    out = {"error": str(exc), "requests": requests}
server.shutdown()
json.dump(out, sys.stdout)
