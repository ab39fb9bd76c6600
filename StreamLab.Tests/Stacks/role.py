#!/usr/bin/env python3
"""A role for runner tests: misbehaves on request.

--listen PORT      accept TCP connections (readiness)
--crash-after S    exit with --code after S seconds, writing to stderr first
--ignore-term      ignore SIGTERM (forces the runner to SIGKILL)
--spawn-child      start a grandchild that sleeps forever (and ignores SIGTERM with --ignore-term)
--frames FILE      write a frame row every 50 ms (frame ids count up, latency 5 ms)
--samples FILE     write a queue_depth sample (prom.tsv layout) every 50 ms
--busy             spin on the CPU instead of sleeping
--allocate-mb N    touch N MB of memory at start
--tag TAG          ignored; lets a test find every process it started via /proc/*/cmdline
"""
import argparse
import signal
import socket
import subprocess
import sys
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--listen", type=int)
ap.add_argument("--crash-after", type=float)
ap.add_argument("--code", type=int, default=3)
ap.add_argument("--ignore-term", action="store_true")
ap.add_argument("--spawn-child", action="store_true")
ap.add_argument("--frames")
ap.add_argument("--samples", help="write a queue_depth sample (prom.tsv) every 50 ms")
ap.add_argument("--busy", action="store_true", help="spin on the CPU instead of sleeping")
ap.add_argument("--allocate-mb", type=int, help="touch this many MB of memory, 8 MB at a time")
ap.add_argument("--tag")
args = ap.parse_args()

if args.ignore_term:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

if args.spawn_child:
    trap = "trap '' TERM; " if args.ignore_term else ""
    subprocess.Popen(["/bin/sh", "-c", f"{trap}sleep 1000; : {args.tag}"])

if args.listen:
    server = socket.create_server(("127.0.0.1", args.listen))
    threading.Thread(target=lambda: [server.accept() for _ in iter(int, 1)], daemon=True).start()

print("role started", flush=True)
start = time.time()
out = open(args.frames, "w", buffering=1) if args.frames else None
if out:
    out.write("recv_wall_us,frame_id,user_timestamp_us,width,height\n")
samples = open(args.samples, "w", buffering=1) if args.samples else None
hoard = []
if args.allocate_mb:
    for _ in range(args.allocate_mb // 8):
        hoard.append(bytearray(8 * 1024 * 1024))
        time.sleep(0.01)
    print(f"allocated {args.allocate_mb} MB", flush=True)
frame = 0
while True:
    if samples:
        samples.write(f"{time.time_ns() // 1000}\tqueue_depth{{role=\"r\"}}\t{frame % 7}\n")
    if args.crash_after is not None and time.time() - start >= args.crash_after:
        print(f"boom: crashing on purpose with code {args.code}", file=sys.stderr, flush=True)
        sys.exit(args.code)
    if out:
        now = time.time_ns() // 1000
        out.write(f"{now},{frame},{now - 5000},320,240\n")
        frame += 1
    if args.busy:
        end = time.time() + 0.05
        while time.time() < end:
            pass
    else:
        time.sleep(0.05)
