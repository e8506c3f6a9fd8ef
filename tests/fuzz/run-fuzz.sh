#!/bin/sh
# run-fuzz.sh FUZZER SECONDS DATADIR: seeds a scratch corpus from the test
# data (bounces and samples), then fuzzes for SECONDS. Exit status is the
# fuzzer's: non-zero on a crash, a leak or a timeout of one input.
set -eu
fuzzer=$1
seconds=$2
data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
find "$data/sisimai/maildir" "$data/samples" -type f 2>/dev/null | while read -r f; do
  cp "$f" "$work/corpus/$(basename "$f")"
done
echo "seeds: $(ls "$work/corpus" | wc -l)"
cd "$work"
exec "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -seed=1 -print_final_stats=1 "$work/corpus"
