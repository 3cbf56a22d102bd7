#!/usr/bin/env bash
# The crypto primitives on their own (bench/crypto): per-op times and throughput.
exec bash "$(dirname "$0")/crypto/run.sh"
