# shellcheck shell=bash
# Shared helpers of Tessera's shell scripts. Source it after setting `script_name`:
#   script_name=run; source "$(dirname "$0")/lib.sh"
# Bash only; the caller has already done `set -euo pipefail` and cd'ed to the repo root.

say() { printf '%s: %s\n' "${script_name:-${0##*/}}" "$*"; }
warn() { printf '%s: warning: %s\n' "${script_name:-${0##*/}}" "$*" >&2; }
die() {
  printf '%s: error: %s\n' "${script_name:-${0##*/}}" "$*" >&2
  exit 1
}

# dotenv_get KEY [FILE]: prints KEY's value from a .env file (default ./.env) and returns 0;
# returns 1 when the file or the key is missing. Same syntax as src/core/dotenv.hpp
# (optional `export`, quotes, inline comments, a later duplicate wins).
dotenv_get() {
  local key=$1 file=${2:-.env}
  [[ -f $file ]] || return 1
  /usr/bin/python3 - "$key" "$file" <<'PY'
import re, sys
key, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8", errors="replace").read()
found, value, i, n = False, None, 0, len(text)
line_re = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*")
while i < n:
    m = line_re.match(text, i)
    eol = text.find("\n", i)
    eol = n if eol < 0 else eol
    if not m or m.end() > eol:          # comment, blank or malformed line
        i = eol + 1
        continue
    k, j = m.group(1), m.end()
    if j < n and text[j] in "'\"":
        q, j, out = text[j], j + 1, []
        while j < n and text[j] != q:
            if q == '"' and text[j] == "\\" and j + 1 < n:
                out.append({"n": "\n", "t": "\t", "r": "\r"}.get(text[j + 1], text[j + 1]))
                j += 2
            else:
                out.append(text[j])
                j += 1
        v = "".join(out)
        eol = text.find("\n", j)
        eol = n if eol < 0 else eol
    else:
        v = re.split(r"[ \t]#", text[j:eol], maxsplit=1)[0].strip()
    if k == key:
        found, value = True, v
    i = eol + 1
if not found:
    sys.exit(1)
sys.stdout.write(value)
PY
}

# setting NAME [DEFAULT]: the environment's value if set, else ./.env's, else DEFAULT
# (the precedence the tessera binary uses).
setting() {
  local name=$1 v
  if [[ -n ${!name+x} ]]; then
    printf '%s' "${!name}"
  elif v=$(dotenv_get "$name"); then
    printf '%s' "$v"
  else
    printf '%s' "${2-}"
  fi
}

# is_local_host HOST: true for an address of this machine's loopback (or empty = default).
is_local_host() {
  case ${1,,} in
    "" | 127.0.0.1 | localhost | localhost.localdomain | ::1 | "[::1]") return 0 ;;
    *) return 1 ;;
  esac
}

# ensure_jwt_secret TESSERA_BIN: when JWT_SECRET_KEY is set neither in the environment nor
# in ./.env, writes a fresh one into ./.env (created from .env.example if missing, mode 600).
ensure_jwt_secret() {
  local jwt key line_re what
  jwt=$(setting JWT_SECRET_KEY)
  if [[ -z $jwt ]]; then
    if ! key=$("$1" secret 2>/dev/null) || [[ ! $key =~ ^[0-9a-fA-F]{64}$ ]]; then
      warn "'$1 secret' did not print a key; using 32 bytes of /dev/urandom instead"
      key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
    fi
    line_re='^[#[:space:]]*(export[[:space:]]+)?JWT_SECRET_KEY[[:space:]]*='
    if [[ -f .env ]]; then
      what="set a fresh JWT_SECRET_KEY in .env"
    else
      [[ -f .env.example ]] || die ".env.example is missing: cannot create .env"
      (umask 077 && cp .env.example .env)
      what="created .env from .env.example with a fresh JWT_SECRET_KEY"
    fi
    if grep -Eq "$line_re" .env; then # the first (commented or empty) line gets the key
      sed -i -E "0,/${line_re}.*\$/s//JWT_SECRET_KEY=${key}/" .env
    else
      printf '\nJWT_SECRET_KEY=%s\n' "$key" >>.env
    fi
    chmod 600 .env
    unset JWT_SECRET_KEY # an empty one in the environment would hide .env's
    say "$what"
  fi
}
