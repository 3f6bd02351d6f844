#!/usr/bin/env bash
# Smoke test of an S3 server, with the env file of `scripts/services up s3` sourced (S3_ENDPOINT,
# S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY; path-style addressing). Requests
# are signed with curl's SigV4: PUT an object, GET it back (whole and a range), HEAD it, check
# that unsigned and wrongly signed requests are refused, DELETE it and GET it no more.
#
#   . .services/dev/env && tests/e2e/s3_smoke.sh
#
# Exits 0 when every check passes, 1 at the first that fails (with the server's answer).
set -euo pipefail
name=s3_smoke

fail() {
  printf '%s: FAIL: %s\n' "$name" "$*" >&2
  if [[ -s ${tmp:-}/out ]]; then
    printf '%s: the answer was:\n' "$name" >&2
    head -c 2000 "$tmp/out" | sed 's/^/    /' >&2
    printf '\n' >&2
  fi
  exit 1
}

for v in S3_ENDPOINT S3_BUCKET S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY; do
  [[ -n ${!v:-} ]] || fail "$v is not set (source the env file written by scripts/services up s3)"
done
command -v curl >/dev/null || fail "curl not found"
region=${S3_REGION:-us-east-1}
base=${S3_ENDPOINT%/}/$S3_BUCKET
empty_sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

tmp=$(mktemp -d)
key=smoke/$(date +%s)-$$-$RANDOM.bin
unsigned_key=$key.unsigned
cleanup() {
  # The objects of a run that failed half-way, so that the bucket stays clean.
  local k
  for k in "$key" "$unsigned_key"; do
    request "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY" "$empty_sha256" -X DELETE "$base/$k" >/dev/null 2>&1 || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# call CURL_ARGS...: one request; the body goes to $tmp/out, the headers to $tmp/headers, curl's
# complaint to $tmp/error, and the HTTP status is printed (000 when there was no answer).
call() {
  : >"$tmp/out"
  curl -sS -m 30 -o "$tmp/out" -D "$tmp/headers" -w '%{http_code}' "$@" 2>"$tmp/error" || true
}
# request ACCESS_KEY SECRET PAYLOAD_SHA256 CURL_ARGS...: a SigV4-signed request (the credentials
# go through stdin, not the command line).
request() {
  local user=$1:$2 sha=$3
  shift 3
  user=${user//\\/\\\\}
  printf 'user = "%s"\n' "${user//\"/\\\"}" |
    call -K - --aws-sigv4 "aws:amz:$region:s3" -H "x-amz-content-sha256: $sha" "$@"
}
signed() { request "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY" "$@"; }
unsigned() { call "$@"; }
header() { sed -n "s/^$1: *//Ip" "$tmp/headers" | tr -d '\r' | tail -n 1; }

passed=0
expect() { # WHAT WANTED GOT
  [[ $3 != 000 ]] || fail "$1: no answer from $S3_ENDPOINT ($(tr -d '\n' <"$tmp/error"))"
  [[ $3 == "$2" ]] || fail "$1: HTTP $3, expected $2"
  passed=$((passed + 1))
  printf '%s: ok - %s (HTTP %s)\n' "$name" "$1" "$3"
}

head -c 65536 /dev/urandom >"$tmp/body"
printf 'Tessera S3 smoke test\n' >>"$tmp/body"
size=$(stat -c %s "$tmp/body")
sha=$(sha256sum "$tmp/body" | cut -d' ' -f1)
md5=$(md5sum "$tmp/body" | cut -d' ' -f1)

status=$(signed "$sha" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$tmp/body" "$base/$key")
expect "PUT $key ($size bytes)" 200 "$status"
[[ $(header ETag) == "\"$md5\"" ]] || fail "PUT: ETag $(header ETag), expected the MD5 \"$md5\""

status=$(signed "$empty_sha256" "$base/$key")
expect "GET $key" 200 "$status"
cmp -s "$tmp/out" "$tmp/body" || fail "GET: the bytes differ from those PUT ($(stat -c %s "$tmp/out") bytes back)"

status=$(signed "$empty_sha256" -H 'Range: bytes=2-5' "$base/$key")
expect "GET $key with Range: bytes=2-5" 206 "$status"
cmp -s "$tmp/out" <(tail -c +3 "$tmp/body" | head -c 4) || fail "ranged GET: not bytes 2-5 of the object"
[[ $(header Content-Range) == "bytes 2-5/$size" ]] ||
  fail "ranged GET: Content-Range '$(header Content-Range)', expected 'bytes 2-5/$size'"

status=$(signed "$empty_sha256" --head "$base/$key")
expect "HEAD $key" 200 "$status"
[[ $(header Content-Length) == "$size" ]] || fail "HEAD: Content-Length '$(header Content-Length)', expected $size"

status=$(unsigned "$base/$key")
expect "unsigned GET is refused" 403 "$status"
status=$(request "$S3_ACCESS_KEY_ID" "not-the-secret-$RANDOM" "$empty_sha256" "$base/$key")
expect "GET signed with a wrong secret is refused" 403 "$status"
status=$(unsigned -X PUT --data-binary @"$tmp/body" "$base/$unsigned_key")
expect "unsigned PUT is refused" 403 "$status"
status=$(signed "$empty_sha256" --head "$base/$unsigned_key")
expect "the refused PUT stored nothing (HEAD)" 404 "$status"

status=$(signed "$empty_sha256" -X DELETE "$base/$key")
expect "DELETE $key" 204 "$status"
status=$(signed "$empty_sha256" "$base/$key")
expect "GET $key after DELETE" 404 "$status"
grep -q '<Code>NoSuchKey</Code>' "$tmp/out" || fail "GET after DELETE: no NoSuchKey error"

printf '%s: %d passed, 0 failed\n' "$name" "$passed"
