#!/bin/sh
# Runs one fuzz target for ten minutes at the lowest priority; crashes are kept in
# artifacts/<target>/ and the run goes on (fork mode), so one crash does not end it.
# Usage: fuzz/run.sh <target> [seconds]
set -e
cd "$(dirname "$0")"
t="$1"
secs="${2:-600}"
mkdir -p "corpus/$t" "artifacts/$t"
exec nice -n 19 cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -fork=1 -ignore_crashes=1 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1
