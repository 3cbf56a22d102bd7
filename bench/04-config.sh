#!/usr/bin/env bash
# Configuration loading on a 1,000-host, 50-role deploy.yml (bench/config).
exec bash "$(dirname "$0")/config/run.sh"
