#!/usr/bin/python3
"""bench/runstat.py [-i FILE] N CMD... — runs CMD N times (stdin from FILE,
else /dev/null; output discarded) and prints one line per run: wall ms and CPU
ms (user + sys of the child and of every child it waited for, from wait4's
rusage: microseconds, where GNU time prints 10 ms steps). Exits 1 if a run
fails (its line is not printed).

No peak RSS here: Linux carries the forking process's high-water mark across
execve, so a child of Python would report Python's size. Use GNU time for RSS.
"""
import os
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    stdin_path = os.devnull
    if args[0] == "-i":
        stdin_path = args[1]
        args = args[2:]
    n = int(args[0])
    cmd = args[1:]
    rc = 0
    for _ in range(n):
        with open(stdin_path, "rb") as f:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdin=f, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            wall = (time.perf_counter() - t0) * 1000
        p.returncode = 0  # reaped above; keeps Popen from waiting again
        if os.waitstatus_to_exitcode(status) != 0:
            rc = 1
            continue
        cpu = (ru.ru_utime + ru.ru_stime) * 1000
        print(f"{wall:.3f} {cpu:.3f}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
