# A packet-level delay line for `npm run bench` (bench/netpath.ts starts it): two TUN devices,
# every IP packet read from one written to the other DELAY ms later, both ways — SYN, ACK and
# data alike, so the kernels at both ends keep their own Nagle and delayed-ACK behaviour.
# Python only because Node has no ioctl() to attach a TUN device (TUNSETIFF).
#
# Usage: python3 netpath-forwarder.py NAME_A NAME_B MAX_SECONDS
# Prints "ready" once both devices exist. Reads commands on stdin: "delay MS" sets the one-way
# delay for packets read from then on. Exits on stdin EOF (the bench ended or died) or after
# MAX_SECONDS, whichever is first; the devices vanish with it (they are not persistent).
import collections
import fcntl
import os
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    name_a, name_b, max_seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    a, b = open_tun(name_a), open_tun(name_b)
    other = {a: b, b: a}
    queues = {a: collections.deque(), b: collections.deque()}  # by destination: (due, packet)
    delay = 0.0
    stdin = sys.stdin.fileno()
    end = time.monotonic() + max_seconds
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    pending_cmd = b""
    while True:
        now = time.monotonic()
        if now >= end:
            return
        # Write what is due. One delay for all packets, so each queue is in due order.
        for dst, q in queues.items():
            while q and q[0][0] <= now:
                try:
                    os.write(dst, q.popleft()[1])
                except OSError:
                    pass  # the device is down or the packet is refused: a lost packet
        due = [q[0][0] for q in queues.values() if q]
        timeout = min([end - now] + [d - now for d in due])
        readable, _, _ = select.select([a, b, stdin], [], [], max(0.0, timeout))
        for fd in readable:
            if fd == stdin:
                chunk = os.read(stdin, 4096)
                if not chunk:
                    return
                pending_cmd += chunk
                while b"\n" in pending_cmd:
                    line, pending_cmd = pending_cmd.split(b"\n", 1)
                    parts = line.split()
                    if len(parts) == 2 and parts[0] == b"delay":
                        delay = float(parts[1]) / 1000.0
                        sys.stdout.write("ok\n")
                        sys.stdout.flush()
                continue
            for _ in range(64):  # drain, bounded
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                except OSError:
                    break
                queues[other[fd]].append((time.monotonic() + delay, packet))


if __name__ == "__main__":
    main()
