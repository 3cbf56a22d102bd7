#!/usr/bin/env python3
"""A Docker-token-auth token service for tests (loopback only).

GET /token?service=S&scope=repository:NAME:ACTIONS&account=U with HTTP Basic
credentials USER:PASSWORD -> {"token": JWT, "access_token": JWT, "expires_in": 300}.
The JWT is RS256, signed by `openssl dgst -sha256 -sign KEY`; its header names
the key with the libtrust key ID the registry derives from its rootcertbundle
(base32 of the first 240 bits of SHA-256 of the DER public key, in groups of 4).
Counts issued tokens in --count-file.
"""
import argparse
import base64
import hashlib
import json
import os
import ssl
import subprocess
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def key_id(key_path):
    der = subprocess.run(["openssl", "pkey", "-in", key_path, "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    s = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode()
    return ":".join(s[i:i + 4] for i in range(0, len(s), 4))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--issuer", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--count-file", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()
    kid = key_id(args.key)
    count = [0]

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def send(self, code, obj):
            body = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if code == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="token"')
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            u = urllib.parse.urlparse(self.path)
            q = urllib.parse.parse_qs(u.query)
            if u.path != "/token":
                return self.send(404, {"error": "not found"})
            auth = self.headers.get("Authorization", "")
            want = "Basic " + base64.b64encode(("%s:%s" % (args.user, args.password)).encode()).decode()
            if auth != want:
                return self.send(401, {"details": "bad credentials"})
            access = []
            for sc in q.get("scope", []):
                typ, name, actions = sc.split(":")
                access.append({"type": typ, "name": name, "actions": actions.split(",")})
            now = int(time.time())
            claims = {"iss": args.issuer, "sub": q.get("account", [""])[0],
                      "aud": q.get("service", [""])[0], "exp": now + 300, "nbf": now - 10,
                      "iat": now, "jti": b64u(os.urandom(12)), "access": access}
            head = {"typ": "JWT", "alg": "RS256", "kid": kid}
            signing = (b64u(json.dumps(head).encode()) + "." + b64u(json.dumps(claims).encode())).encode()
            sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", args.key], input=signing,
                                 check=True, capture_output=True).stdout
            tok = signing.decode() + "." + b64u(sig)
            count[0] += 1
            with open(args.count_file, "w") as f:
                f.write(str(count[0]))
            self.send(200, {"token": tok, "access_token": tok, "expires_in": 300})

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    srv.serve_forever()


main()
