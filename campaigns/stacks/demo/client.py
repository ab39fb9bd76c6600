#!/usr/bin/env python3
"""Demo streaming client: receives the demo server's frames and writes one frames.csv row per frame.

frames.csv columns: recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes
"""
import argparse
import signal
import socket
import struct
import sys
import time

HEADER = struct.Struct("!QQI")


def read_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("server closed the connection")
        buf += chunk
    return bytes(buf)


def connect(port, timeout_s=10.0):
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sock = connect(args.port)
    print(f"connected to 127.0.0.1:{args.port}", flush=True)
    with open(args.out, "w", buffering=1) as out:
        out.write("recv_wall_us,frame_id,user_timestamp_us,width,height,size_bytes\n")
        while True:
            frame_id, capture_us, size = HEADER.unpack(read_exact(sock, HEADER.size))
            read_exact(sock, size)
            out.write(f"{time.time_ns() // 1000},{frame_id},{capture_us},640,360,{size}\n")


if __name__ == "__main__":
    sys.exit(main())
