#!/usr/bin/env bash
# Static binary size against Dropbear's dbclient (339 KB static, SSH only; figure from the issue).
set -u
. "$(dirname "$0")/lib.sh"
sz=$(stat -c %s "$SEXTANT")
ref=339000
ratio=$(echo "scale=2; $sz / $ref" | bc)
row "static binary size (bytes)" "$sz" "dbclient static: $ref (SSH only)" "$ratio×" "≤ 1048576 (1 MiB)" "$(verdict "$sz" le 1048576)"
