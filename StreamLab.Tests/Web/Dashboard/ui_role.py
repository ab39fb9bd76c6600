#!/usr/bin/env python3
"""A role for dashboard tests: frames with one frame-id gap, a burst_on/burst_off window, a sample series.

--frames FILE    frames CSV, a frame every 20 ms, latency --latency ms (+ a little noise); ids 30-34 never sent
--events FILE    events CSV: burst_on at 0.2 s, burst_off at 0.5 s
--samples FILE   prom.tsv: queue_depth every 50 ms
--latency MS     base latency, so matrix points differ
--tag TAG        ignored; lets a test find its processes
"""
import argparse
import random
import signal
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--frames")
ap.add_argument("--events")
ap.add_argument("--samples")
ap.add_argument("--latency", type=float, default=5)
ap.add_argument("--tag")
args = ap.parse_args()
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("ui role started", flush=True)

frames = open(args.frames, "w", buffering=1)
frames.write("recv_wall_us,frame_id,user_timestamp_us,width,height\n")
events = open(args.events, "w", buffering=1) if args.events else None
if events:
    events.write("wall_us,event\n")
samples = open(args.samples, "w", buffering=1) if args.samples else None
start = time.time()
frame = 0
sent_on = sent_off = False
while True:
    now = time.time_ns() // 1000
    elapsed = time.time() - start
    if events and not sent_on and elapsed >= 0.2:
        events.write(f"{now},burst_on\n"); sent_on = True
    if events and not sent_off and elapsed >= 0.5:
        events.write(f"{now},burst_off\n"); sent_off = True
    if not 30 <= frame <= 34:
        latency_us = int((args.latency + random.uniform(0, 2)) * 1000)
        frames.write(f"{now},{frame},{now - latency_us},320,240\n")
    if samples and frame % 3 == 0:
        samples.write(f"{now}\tqueue_depth{{role=\"client\"}}\t{frame % 7}\n")
    frame += 1
    time.sleep(0.02)
