#!/usr/bin/env bash
# Upload of a 100 MB file (random bytes) to the private loopback sshd
# (bench/sshd.sh): sextant's SSH executor — the `scp -t` sink protocol its flows
# use, driven by bench/upload (sextant has no user command that copies a local
# file) — against OpenSSH's scp, both in its default mode (SFTP protocol since
# OpenSSH 9.0) and with -O (the legacy scp protocol, as sextant). Each run
# connects, authenticates, reads the file, uploads it and waits for the
# acknowledgement. OpenSSH is given sextant's default cipher (aes128-gcm): the
# ratio compares implementations, not algorithm choices.
# BENCH_UPLOAD_BYTES (default 100000000), BENCH_UPLOAD_RUNS (default 5).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sshd.sh"
bytes=${BENCH_UPLOAD_BYTES:-100000000}
n=${BENCH_UPLOAD_RUNS:-5}
label="$((bytes / 1000000)) MB"
if ! BUILD=$BUILD bash "$BENCH_DIR/upload/build.sh" >&2; then
	row "upload $label" "bench/upload did not build" "—" "—" "≥ 1.0×" "n/a"
	exit 0
fi
sshd_start || exit 0
tmp=$SSHD_DIR
UP=$PWD/$BUILD/bench-upload/upload
head -c "$bytes" /dev/urandom > "$tmp/file"
sum=$(sha256sum < "$tmp/file" | cut -d' ' -f1)
home=$tmp/home
scp=("${OS_SCP[@]}" -c aes128-gcm@openssh.com)

# One checked upload each first: the right bytes must arrive.
check() {
	local got
	got=$(sha256sum < "$home/$1" 2>/dev/null | cut -d' ' -f1)
	[ "$got" = "$sum" ] || { echo "bench: upload $2 arrived damaged or not at all" >&2; return 1; }
}
ok=1
"$UP" -p "$SSHD_PORT" -i "$tmp/user" -k "$tmp/kh" "$tmp/file" "$DEST" s.bin && check s.bin sextant || ok=0
"${scp[@]}" -q "$tmp/file" "$DEST:o.bin" && check o.bin scp || ok=0
"${scp[@]}" -q -O "$tmp/file" "$DEST:l.bin" && check l.bin "scp -O" || ok=0
if [ "$ok" != 1 ]; then
	row "upload $label" "a checked upload failed (see the log)" "—" "—" "≥ 1.0×" "n/a"
	exit 0
fi

python3 "$BENCH_DIR/runstat.py" "$n" "$UP" -p "$SSHD_PORT" -i "$tmp/user" -k "$tmp/kh" "$tmp/file" "$DEST" s.bin > "$tmp/s"
python3 "$BENCH_DIR/runstat.py" "$n" "${scp[@]}" -q "$tmp/file" "$DEST:o.bin" > "$tmp/o"
python3 "$BENCH_DIR/runstat.py" "$n" "${scp[@]}" -q -O "$tmp/file" "$DEST:l.bin" > "$tmp/l"

rate() { awk -v b="$bytes" '{ printf "%.1f\n", b / 1e6 / ($1 / 1000) }' "$1" > "$1.r"; stats "$1.r"; }
cpu() { awk '{ printf "%.3f\n", $2 / 1000 }' "$1" > "$1.c"; stats "$1.c" | cut -d' ' -f1; }
read -r sm slo shi < <(rate "$tmp/s")
sc=$(cpu "$tmp/s")
for ref in o l; do
	read -r om olo ohi < <(rate "$tmp/$ref")
	oc=$(cpu "$tmp/$ref")
	name="scp (SFTP protocol, OpenSSH's default)"
	[ "$ref" = l ] && name="scp -O (scp protocol, as sextant)"
	r=$(ratio "$sm" "$om")
	row "upload $label, aes128-gcm (MB/s; client CPU s)" "$(fmt3 "$sm" "$slo" "$shi"); CPU $(num "$sc") s" \
		"$name $(fmt3 "$om" "$olo" "$ohi"); CPU $(num "$oc") s" "${r}×" "≥ 1.0×" "$(verdict "$r" ge 1.0)"
done
rss=$(rss_kb "$UP" -p "$SSHD_PORT" -i "$tmp/user" -k "$tmp/kh" "$tmp/file" "$DEST" s.bin)
echo "bench: sextant upload peak RSS ${rss} KiB (bench/upload reads the whole file into memory)" >&2
