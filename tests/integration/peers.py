#!/usr/bin/python3
"""Misbehaving peers for Bounce Doctor's integration suite (stdlib only).
Runs INSIDE the suite's network namespace; binds and talks to loopback only.

  peers.py slowdns LISTEN BACKEND DELAY   DNS over UDP: forwards each query to
                                           BACKEND and relays the answer after DELAY s
  peers.py silentdns LISTEN               DNS over UDP: reads queries, never answers
  peers.py tarpit LISTEN                  SMTP: accepts, never sends a greeting
  peers.py slowbanner LISTEN DELAY        SMTP: greets after DELAY s, then answers
                                           EHLO and QUIT like a small server
Each exits after MAX_SECONDS (default 600) so nothing outlives a forgotten run."""
import os
import socket
import sys
import threading
import time

MAX_SECONDS = float(os.environ.get("MAX_SECONDS", "600"))


def hostport(text):
    host, port = text.rsplit(":", 1)
    if not host.startswith("127."):
        sys.exit("loopback only")
    return host, int(port)


def slowdns(listen, backend, delay):
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(hostport(listen))
    back = hostport(backend)
    srv.settimeout(1.0)

    def handle(data, client):
        time.sleep(delay)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as up:
            up.settimeout(5)
            up.sendto(data, back)
            try:
                reply, _ = up.recvfrom(65535)
            except socket.timeout:
                return
        srv.sendto(reply, client)

    deadline = time.monotonic() + MAX_SECONDS
    while time.monotonic() < deadline:
        try:
            data, client = srv.recvfrom(65535)
        except socket.timeout:
            continue
        threading.Thread(target=handle, args=(data, client), daemon=True).start()


def silentdns(listen):
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(hostport(listen))
    srv.settimeout(1.0)
    deadline = time.monotonic() + MAX_SECONDS
    while time.monotonic() < deadline:
        try:
            srv.recvfrom(65535)
        except socket.timeout:
            pass


def tcp_server(listen, handler):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(hostport(listen))
    srv.listen(16)
    srv.settimeout(1.0)
    deadline = time.monotonic() + MAX_SECONDS
    while time.monotonic() < deadline:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


def tarpit(conn):
    conn.settimeout(120)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass
    conn.close()


def slowbanner(delay):
    def handler(conn):
        conn.settimeout(30)
        try:
            time.sleep(delay)
            conn.sendall(b"220 mx.slow.example.org ESMTP slow greeting\r\n")
            buf = b""
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                buf += data
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    verb = line.strip().upper()[:4]
                    if verb == b"EHLO":
                        conn.sendall(b"250-mx.slow.example.org\r\n250-SIZE 5000000\r\n250 8BITMIME\r\n")
                    elif verb == b"QUIT":
                        conn.sendall(b"221 2.0.0 Bye\r\n")
                        conn.close()
                        return
                    else:
                        conn.sendall(b"502 5.5.2 Error: command not recognized\r\n")
        except OSError:
            pass
        conn.close()
    return handler


def main():
    mode = sys.argv[1]
    if mode == "slowdns":
        slowdns(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif mode == "silentdns":
        silentdns(sys.argv[2])
    elif mode == "tarpit":
        tcp_server(sys.argv[2], tarpit)
    elif mode == "slowbanner":
        tcp_server(sys.argv[2], slowbanner(float(sys.argv[3])))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
