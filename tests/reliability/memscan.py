#!/usr/bin/env python3
"""tests/reliability: count copies of an ed25519 private key in a process's memory.

    memscan.py PID KEYFILE
    memscan.py hold KEYFILE     (the scanner's own check: a process holding the seed)

KEYFILE is an unencrypted OpenSSH private key (openssh-key-v1, one ed25519 key).
Its 32-byte secret seed, and the two halves of SHA-512(seed) that signing derives
from it (RFC 8032 5.1.5: the scalar, raw and clamped, and the prefix), are searched
for in every readable mapping of PID (read through /proc/PID/mem, as root). Prints
"seed_copies=N derived_copies=M regions=R bytes=B".
Run while the process is stopped (SIGSTOP), so the memory does not change under
the scan.
"""
import base64
import hashlib
import struct
import sys


def seed_of(path):
    text = open(path).read()
    body = "".join(l for l in text.splitlines() if l and not l.startswith("-----"))
    blob = base64.b64decode(body)
    magic = b"openssh-key-v1\0"
    if not blob.startswith(magic):
        sys.exit("not an openssh-key-v1 file")
    p = len(magic)

    def string():
        nonlocal p
        (n,) = struct.unpack(">I", blob[p:p + 4])
        s = blob[p + 4:p + 4 + n]
        p += 4 + n
        return s

    cipher, kdf, _opts = string(), string(), string()
    if cipher != b"none" or kdf != b"none":
        sys.exit("encrypted key: give an unencrypted one")
    p += 4  # number of keys
    string()  # public key blob
    priv = string()
    q = 8  # check ints
    (n,) = struct.unpack(">I", priv[q:q + 4])
    ktype = priv[q + 4:q + 4 + n]
    q += 4 + n
    if ktype != b"ssh-ed25519":
        sys.exit("not an ed25519 key")
    (n,) = struct.unpack(">I", priv[q:q + 4])
    q += 4 + n  # public part
    (n,) = struct.unpack(">I", priv[q:q + 4])
    return priv[q + 4:q + 4 + 32]


def main():
    if sys.argv[1] == "hold":
        import time
        held = bytearray(seed_of(sys.argv[2]))  # noqa: F841 (kept alive on purpose)
        print("holding", flush=True)
        time.sleep(60)
        return
    pid, keyfile = sys.argv[1], sys.argv[2]
    seed = seed_of(keyfile)
    h = hashlib.sha512(seed).digest()
    scalar = bytearray(h[:32])
    scalar[0] &= 248
    scalar[31] &= 127
    scalar[31] |= 64
    derived = [h[:32], bytes(scalar), h[32:]]
    copies = dcopies = regions = total = 0
    with open("/proc/%s/maps" % pid) as maps, open("/proc/%s/mem" % pid, "rb", 0) as mem:
        for line in maps:
            f = line.split()
            if "r" not in f[1] or (len(f) > 5 and f[5] in ("[vvar]", "[vsyscall]", "[vvar_vclock]")):
                continue
            lo, hi = (int(x, 16) for x in f[0].split("-"))
            try:
                mem.seek(lo)
                data = mem.read(hi - lo)
            except (OSError, ValueError, OverflowError):
                continue
            regions += 1
            total += len(data)
            copies += data.count(seed)
            dcopies += sum(data.count(d) for d in derived)
    print("seed_copies=%d derived_copies=%d regions=%d bytes=%d" % (copies, dcopies, regions, total))


main()
