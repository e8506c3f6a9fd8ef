#!/bin/sh
# test-cli.sh BINARY DATADIR: the "diagnose" command line as SPEC §5 states
# it: formats, languages, redaction, exit statuses. TAP output.
set -u
bin=$1
data=$2
samples="$data/samples"
n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

echo "1..14"

"$bin" diagnose --format=json "$samples/mdaemon-seed.log" > "$tmp/seed.json"; rc=$?
check $rc "json on the MDaemon seed exits 0"
python3 - "$tmp/seed.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == 1 and r["source"]["kind"] == "log" and r["source"]["format"] == "mdaemon-log", r["source"]
f = r["failures"][0]
assert f["recipient"] == "orders@example.com", f
assert f["reply_code"] == 554 and f["stage"] == "data" and f["permanent"] is True, f
assert f["client_ip"] == "80.78.72.135" and f["size"] == 389, f
assert any("relays.ordb.org" in e["text"] for e in f["evidence"]), f["evidence"]
assert r["causes"] and r["causes"][0]["category"] == f["category"]
PY
check $? "the seed log gives the DATA-stage 554 to its recipient with client IP and size"

"$bin" diagnose --format=jsonl "$samples/postfix.log" "$samples/exim.log" "$samples/exchange2007-ru.eml" > "$tmp/out.jsonl"
check $? "jsonl over three inputs exits 0"
python3 -c "
import json,sys
rows=[json.loads(l) for l in open('$tmp/out.jsonl')]
assert len(rows)==3, len(rows)
assert rows[2]['failures'][0]['recipient']=='mail@mail.ru'
"
check $? "jsonl prints one object per message"

"$bin" diagnose --format=json --redact "$samples/mdaemon-seed.log" > "$tmp/redacted.json"
! grep -q -e "80.78.72.135" -e "orders@example.com" "$tmp/redacted.json"
check $? "--redact hides the client IP and the addresses"
python3 -c "import json; json.load(open('$tmp/redacted.json'))"
check $? "redacted JSON still parses"

LC_ALL=C "$bin" diagnose --lang=ru "$samples/mdaemon-seed.log" > "$tmp/ru.txt"
grep -q "Отказ в доставке 1: orders@example.com" "$tmp/ru.txt" && grep -q "389 байт" "$tmp/ru.txt"
check $? "--lang=ru gives Russian text even in the C locale"
LC_ALL=C "$bin" diagnose --lang=en "$samples/mdaemon-seed.log" > "$tmp/en.txt"
grep -q "Failed delivery 1: orders@example.com" "$tmp/en.txt" && grep -q "389 bytes" "$tmp/en.txt"
check $? "--lang=en gives English text"

"$bin" diagnose --format=json - < "$samples/exchange2007-ru.eml" > "$tmp/stdin.json"
python3 -c "import json; r=json.load(open('$tmp/stdin.json')); assert r['file'] is None and r['failures'][0]['reply_code']==554"
check $? "- reads standard input"

"$bin" diagnose --format=jsonl "$data/sisimai/maildir/bsd" > "$tmp/dir.jsonl"
check $? "a directory is read recursively"
[ "$(wc -l < "$tmp/dir.jsonl")" -ge 400 ]
check $? "every file of the directory is reported"

"$bin" diagnose "$tmp/no-such-file" "$samples/postfix.log" > "$tmp/partial.txt" 2> "$tmp/err.txt"
[ $? = 1 ] && grep -q "no-such-file" "$tmp/err.txt" && grep -q "postfix.log" "$tmp/partial.txt"
check $? "an unreadable input gives exit 1 and the rest is still analysed"

"$bin" diagnose --format=xml "$samples/postfix.log" > /dev/null 2>&1
[ $? = 2 ]
check $? "an unknown format is a usage error (2)"
"$bin" diagnose > /dev/null 2>&1
[ $? = 2 ]
check $? "no input is a usage error (2)"

exit $failed
