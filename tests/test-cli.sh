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

echo "1..22"

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
env -u LC_ALL LANG=C.UTF-8 "$bin" diagnose --lang ru "$samples/mdaemon-seed.log" > "$tmp/ru-cutf8.txt"
grep -q "Отказ в доставке 1: orders@example.com" "$tmp/ru-cutf8.txt" && grep -q "Наиболее вероятная причина" "$tmp/ru-cutf8.txt"
check $? "--lang ru gives Russian text in the C.UTF-8 locale too"
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

# The seed cases of SPEC §1 / issue 3, in both languages.
for lang in en ru; do
  LC_ALL=C "$bin" diagnose --lang=$lang --format=json "$samples/mdaemon-seed.log" > "$tmp/seed-$lang.json"
  python3 - "$tmp/seed-$lang.json" $lang <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); lang = sys.argv[2]
causes = r["causes"]
ids = [c["id"] for c in causes]
first = causes[0]
assert first["id"] == "content.rfc-noncompliant", ids
assert r["failures"][0]["category"] == "content", r["failures"][0]["category"]
mdaemon = [f for f in first["fixes"] if f["for"] == "admin" and f.get("server") == "mdaemon"]
assert mdaemon, first["fixes"]
assert any("RFC" in s for f in mdaemon for s in f["steps"] + [f["title"]]), mdaemon
assert "dns.ptr-missing" in ids, ids
dead = [c for c in causes if c["id"] == "blacklist.dead-list"]
assert dead and dead[0]["list"]["zone"] == "relays.ordb.org" and dead[0]["list"]["state"] == "dead", dead
assert any("relays.ordb.org" in e["text"] for e in dead[0]["evidence"]), dead[0]["evidence"]
cyr = any("\u0400" <= ch <= "\u04ff" for ch in first["title"] + first["explanation"])
assert cyr == (lang == "ru"), (lang, first["title"])
PY
  check $? "seed MDaemon log ($lang): RFC-compliance first with the MDaemon setting, missing PTR, dead relays.ordb.org"

  LC_ALL=C "$bin" diagnose --lang=$lang --format=json "$samples/exchange2007-ru.eml" > "$tmp/ndr-$lang.json"
  python3 - "$tmp/ndr-$lang.json" $lang <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); lang = sys.argv[2]
first = r["causes"][0]
assert first["id"] == "policy.sender-rejected", [c["id"] for c in r["causes"]]
admin = [f for f in first["fixes"] if f["for"] == "admin"]
assert admin and all(f["steps"] for f in admin), first["fixes"]
cyr = any("\u0400" <= ch <= "\u04ff" for ch in first["title"] + admin[0]["title"])
assert cyr == (lang == "ru"), (lang, first["title"])
PY
  check $? "Russian Exchange NDR ($lang): the relay refused the sender address, with the admin fix"

  LC_ALL=C "$bin" diagnose --lang=$lang "$samples/mdaemon-seed.log" > "$tmp/seed-$lang.txt"
  if [ $lang = ru ]; then
    grep -q "Что нужно сделать администратору" "$tmp/seed-$lang.txt" && grep -q "relays.ordb.org" "$tmp/seed-$lang.txt"
  else
    grep -q "What your mail administrator should change" "$tmp/seed-$lang.txt" && grep -q "relays.ordb.org" "$tmp/seed-$lang.txt"
  fi
  check $? "text report ($lang) has the fixes and names the dead list"
done

mkdir "$tmp/kb"
printf '{"schema": 1, "causes": [ {"id": "dns.x", ' > "$tmp/kb/causes.json"
BOUNCE_DOCTOR_KB_DIR="$tmp/kb" LC_ALL=C "$bin" diagnose --format=json "$samples/mdaemon-seed.log" > "$tmp/kb.json" 2> "$tmp/kb.err"
rc=$?
[ $rc = 0 ] && grep -q "causes.json" "$tmp/kb.err" && grep -q "built-in" "$tmp/kb.err" &&
  python3 -c "import json; r=json.load(open('$tmp/kb.json')); assert r['causes'][0]['id'] == 'content.rfc-noncompliant'"
check $? "a broken KB in BOUNCE_DOCTOR_KB_DIR is reported and the built-in KB is used"

"$bin" diagnose --format=xml "$samples/postfix.log" > /dev/null 2>&1
[ $? = 2 ]
check $? "an unknown format is a usage error (2)"
"$bin" diagnose > /dev/null 2>&1
[ $? = 2 ]
check $? "no input is a usage error (2)"

exit $failed
