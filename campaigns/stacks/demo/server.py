#!/usr/bin/env python3
"""Demo streaming server: sends paced frames over TCP to each client that connects.

Each frame is a 20-byte header (frame id, capture time in µs since the epoch, payload length,
all big-endian) followed by the payload. Frames are paced on an absolute schedule, so the
rate does not drift with send time.
"""
import argparse
import os
import signal
import socket
import struct
import sys
import threading
import time

SIZES = {"small": 1_000, "large": 50_000}
HEADER = struct.Struct("!QQI")


def serve_client(conn, rate, size):
    payload = os.urandom(size)
    interval = 1.0 / rate
    start = time.monotonic()
    frame_id = 0
    try:
        while True:
            due = start + frame_id * interval
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            conn.sendall(HEADER.pack(frame_id, time.time_ns() // 1000, size) + payload)
            frame_id += 1
    except OSError:
        pass
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=float, required=True, help="frames per second")
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    size_name = os.environ.get("SIZE", "small")
    if size_name not in SIZES:
        print(f"unknown SIZE {size_name!r}; use one of {sorted(SIZES)}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with socket.create_server(("127.0.0.1", args.port)) as listener:
        print(f"listening on 127.0.0.1:{args.port}", flush=True)
        while True:
            conn, _ = listener.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=serve_client, args=(conn, args.rate, SIZES[size_name]), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
