#!/usr/bin/env python3
"""A role serving Prometheus text at /metrics: a counter growing 10 per second since start, a
gauge, a histogram, a label value with escapes, and one malformed line (which must be skipped).

--port PORT   where to listen (127.0.0.1)
--tag TAG     ignored; lets a test find the process via /proc/*/cmdline
"""
import argparse
import http.server
import time

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--tag")
args = ap.parse_args()
start = time.time()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/metrics":
            self.send_response(404)
            self.end_headers()
            return
        elapsed = time.time() - start
        body = "\n".join([
            "# HELP demo_nack_total NACKs sent.",
            "# TYPE demo_nack_total counter",
            f'demo_nack_total{{track="v1",kind="video"}} {int(elapsed * 10)}',
            "# TYPE demo_queue gauge",
            'demo_queue{path="C:\\\\tmp",note="say \\"hi\\"\\nbye"} 3',
            "# TYPE demo_latency_seconds histogram",
            'demo_latency_seconds_bucket{le="0.1"} 1',
            'demo_latency_seconds_bucket{le="+Inf"} 2',
            "demo_latency_seconds_sum 0.3",
            "demo_latency_seconds_count 2",
            "this line is not valid",
            "",
        ])
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print("serving metrics", flush=True)
server.serve_forever()
