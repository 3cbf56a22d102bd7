#!/usr/bin/env python3
"""Scripted HTTP/1.1 test server for tests/http/run.sh (loopback only).

Serves canned responses whose exact bytes matter to the client under test:
keep-alive, chunked with trailers, close-delimited, byte-at-a-time, redirects,
stalls, oversize bodies. With --cert/--key it speaks TLS (python's ssl module).
Prints the bound port to --port-file once listening.
"""
import argparse
import socket
import ssl
import threading
import time

conn_counter = [0]
lock = threading.Lock()


def read_request(f):
    line = f.readline(65537)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers = []
    while True:
        h = f.readline(65537)
        if h in (b"\r\n", b"\n", b""):
            break
        k, v = h.decode("latin-1").split(":", 1)
        headers.append((k.strip(), v.strip()))
    n = 0
    for k, v in headers:
        if k.lower() == "content-length":
            n = int(v)
    body = f.read(n) if n else b""
    return method, target, headers, body


def resp(status, body=b"", extra=(), close=False):
    h = "HTTP/1.1 %s\r\nContent-Length: %d\r\n" % (status, len(body))
    for k, v in extra:
        h += "%s: %s\r\n" % (k, v)
    if close:
        h += "Connection: close\r\n"
    return h.encode() + b"\r\n" + body


def handle(sock, args):
    with lock:
        conn_counter[0] += 1
        cid = conn_counter[0]
    f = sock.makefile("rb")
    try:
        while True:
            req = read_request(f)
            if req is None:
                return
            method, target, headers, body = req
            hd = {k.lower(): v for k, v in headers}
            path = target.split("?")[0]
            if path == "/hello":
                out = resp("200 OK", b"hello conn=%d" % cid)
            elif path == "/echo":
                text = "%s %s\n" % (method, target)
                text += "".join("%s: %s\n" % (k, v) for k, v in headers)
                text += "body=%s\n" % body.decode("latin-1")
                out = resp("200 OK", text.encode())
            elif path == "/chunked":
                out = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                       b"5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Checksum: abc\r\n\r\n")
            elif path == "/close":
                sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close")
                return
            elif path == "/slow":
                data = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Slow: yes\r\n\r\n"
                        b"3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n")
                for i in range(len(data)):
                    sock.sendall(data[i:i + 1])
                    time.sleep(0.005)
                continue
            elif path.startswith("/redirect/"):
                n = int(path.split("/")[2])
                if n == 0:
                    out = resp("200 OK", b"landed")
                else:
                    code = {1: "307 Temporary Redirect", 2: "301 Moved Permanently",
                            3: "308 Permanent Redirect"}.get(n % 4, "302 Found")
                    loc = "/redirect/%d" % (n - 1) if n % 2 else "../redirect/%d" % (n - 1)
                    out = resp(code, b"", [("Location", loc)])
            elif path == "/see-other":
                out = resp("303 See Other", b"", [("Location", "/echo")])
            elif path == "/loop":
                out = resp("302 Found", b"", [("Location", "/loop")])
            elif path == "/cross":
                out = resp("302 Found", b"", [("Location", args.cross + "/echo")])
            elif path == "/stall":
                time.sleep(3)
                return
            elif path == "/truncated":
                sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this")
                return
            elif path == "/big":
                out = resp("200 OK", b"x" * (3 * 1024 * 1024))
            elif path == "/bigheader":
                out = resp("200 OK", b"", [("X-Big", "a" * 20000)])
            elif path == "/host":
                out = resp("200 OK", ("host=%s" % hd.get("host", "")).encode())
            elif path == "/sneaky":
                # Keep-alive by the headers, but the server drops the connection
                # right after: the client's next request on it must be retried.
                sock.sendall(resp("200 OK", b"sneaky conn=%d" % cid))
                time.sleep(0.05)
                return
            elif path == "/oneshot":
                out = resp("200 OK", b"bye", close=True)
                sock.sendall(out)
                return
            else:
                out = resp("404 Not Found", b"no such path")
            sock.sendall(out)
            if hd.get("connection", "").lower() == "close":
                return
    except ValueError:
        # Like a real server: a plain-text 400 for bytes that are not HTTP (a TLS hello).
        try:
            sock.sendall(resp("400 Bad Request", b"bad request", close=True))
        except OSError:
            pass
        return
    except (ConnectionError, ssl.SSLError, OSError):
        return
    finally:
        try:
            sock.close()
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--cross", default="http://127.0.0.1:1")
    args = ap.parse_args()
    assert args.bind in ("127.0.0.1", "::1"), "loopback only"
    fam = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((args.bind, args.port))
    ls.listen(64)
    ctx = None
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as pf:
            pf.write(str(ls.getsockname()[1]))
        import os
        os.rename(args.port_file + ".tmp", args.port_file)
    while True:
        s, _ = ls.accept()
        if ctx:
            try:
                s.settimeout(5)
                s = ctx.wrap_socket(s, server_side=True)
                s.settimeout(None)
            except (ssl.SSLError, OSError):
                s.close()
                continue
        threading.Thread(target=handle, args=(s, args), daemon=True).start()


if __name__ == "__main__":
    main()
