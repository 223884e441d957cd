#!/usr/bin/env bash
# Installs the Gatehouse gateway on Raspberry Pi OS Bookworm (or plain Debian 12), from a checkout or
# release tarball with a built dist/:
#   sudo scripts/install.sh              install or update; a second run changes nothing and says so
#   scripts/install.sh --prefix DIR      install into DIR as a temporary root (CI): users, groups and
#                                        owners are recorded in DIR instead of made, and systemd and
#                                        udev are not told
# Options: --skip-npm (do not run `npm ci --omit=dev` in /opt/gatehouse), --node PATH (the node the
# unit runs; default /usr/bin/node, where NodeSource and Debian put it).
# It never overwrites the site config in /etc/gatehouse: that belongs to district IT.
set -euo pipefail
# Whatever root's umask: the app must be readable by the gateway (its secrets get their own modes).
umask 022

SRC=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=""
SKIP_NPM=0
NODE=/usr/bin/node
# The oldest node the gateway supports, from package.json ("engines": {"node": ">=20.19"}).
NODE_MIN=$(sed -n 's/.*"node": *">=\([0-9]*\.[0-9]*\)".*/\1/p' "$SRC/package.json")
NODE_MIN_MAJOR=${NODE_MIN%.*}
NODE_MIN_MINOR=${NODE_MIN#*.}
CHANGES=0

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=$(realpath -m "${2:?--prefix needs a directory}"); shift 2 ;;
    --skip-npm) SKIP_NPM=1; shift ;;
    --node) NODE="${2:?--node needs a path}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { echo "gatehouse install: $*"; }
changed() { CHANGES=$((CHANGES + 1)); say "$*"; }
fail() { echo "gatehouse install: $*" >&2; exit 1; }

# Refuses to go on with a node older than the gateway needs, and says how to get a newer one.
check_node() {
  [ -n "$NODE_MIN" ] || fail "package.json in $SRC names no node version (engines.node)"
  local version
  version=$("$NODE" -p 'process.versions.node' 2>/dev/null) || version=""
  local major=${version%%.*} rest=${version#*.}
  local minor=${rest%%.*}
  if [ -z "$version" ] || [ "$major" -lt "$NODE_MIN_MAJOR" ] ||
     { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -lt "$NODE_MIN_MINOR" ]; }; then
    cat >&2 <<EOF
gatehouse install: the gateway needs Node.js ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer at $NODE; found ${version:-none}.
Debian 12 and Raspberry Pi OS Bookworm ship Node.js 18, which is too old. Install Node.js 20 from
NodeSource, then run this script again:
  sudo apt-get install -y ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -
  sudo apt-get install -y nodejs
  node --version
EOF
    exit 1
  fi
  say "node $version at $NODE"
}

# Ownership: set for real, or recorded in DIR/.install-owners under --prefix (no such users there).
set_owner() { # path owner:group
  local path=$1 owner=$2
  if [ -n "$PREFIX" ]; then
    record_line "$PREFIX/.install-owners" "$owner ${path#"$PREFIX"}"
  elif [ "$(stat -c %U:%G "$path")" != "$owner" ]; then
    chown "$owner" "$path" && changed "owner of $path set to $owner"
  fi
}

# Appends a line to a file unless it is there already.
record_line() { # file line
  [ -e "$1" ] || : >"$1"
  grep -qxF -- "$2" "$1" || { echo "$2" >>"$1"; changed "recorded in ${1#"$PREFIX"}: $2"; }
}

ensure_dir() { # path mode owner:group
  local dir=$PREFIX$1
  [ -d "$dir" ] || { mkdir -p "$dir"; changed "created $1"; }
  [ "$(stat -c %a "$dir")" = "${2#0}" ] || { chmod "$2" "$dir"; changed "mode of $1 set to $2"; }
  set_owner "$dir" "$3"
}

# Copies a file when its content or mode differ; an unchanged file is not touched (same mtime).
put_file() { # source dest mode
  local dest=$PREFIX$2
  if ! cmp -s "$1" "$dest"; then
    mkdir -p "$(dirname "$dest")"
    cp "$1" "$dest.new" && chmod "$3" "$dest.new" && mv -f "$dest.new" "$dest"
    changed "installed $2"
  elif [ "$(stat -c %a "$dest")" != "${3#0}" ]; then
    chmod "$3" "$dest" && changed "mode of $2 set to $3"
  fi
}

# Mirrors a directory of the app (dist/, devices/): copies what differs, removes what is gone.
sync_tree() { # source-dir dest-dir
  local file rel
  while IFS= read -r -d '' file; do
    rel=${file#"$1"/}
    put_file "$file" "$2/$rel" 0644
  done < <(find "$1" -type f -print0 | sort -z)
  while IFS= read -r -d '' file; do
    rel=${file#"$PREFIX$2"/}
    [ -e "$1/$rel" ] || { rm -f "$file"; changed "removed $2/$rel"; }
  done < <(find "$PREFIX$2" -type f -print0 | sort -z)
}

source "$SRC/scripts/install-accounts.sh"

install_app() {
  [ -f "$SRC/dist/cli.js" ] || fail "no dist/ in $SRC: run 'npm ci && npm run build' there first"
  ensure_dir /opt/gatehouse 0755 root:root
  sync_tree "$SRC/dist" /opt/gatehouse/dist
  sync_tree "$SRC/devices" /opt/gatehouse/devices
  sync_tree "$SRC/web" /opt/gatehouse/web
  local f
  for f in package.json package-lock.json README.md; do put_file "$SRC/$f" "/opt/gatehouse/$f" 0644; done
  [ "$SKIP_NPM" = 1 ] && { say "npm ci skipped (--skip-npm)"; return; }
  # npm ci again only when the lock file differs from the one last installed from: it rebuilds the
  # native modules, minutes on a Pi.
  local stamp=$PREFIX/opt/gatehouse/node_modules/.gatehouse-lock.sha256 sum
  sum=$(sha256sum "$SRC/package-lock.json" | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && return
  (cd "$PREFIX/opt/gatehouse" && npm ci --omit=dev --no-audit --no-fund)
  echo "$sum" >"$stamp"
  changed "installed the runtime node modules (npm ci --omit=dev)"
}

# The starter config goes in only when /etc/gatehouse holds no YAML at all: once district IT has a
# config there, every file of it is theirs and stays as it is.
install_config() {
  ensure_dir /etc/gatehouse 0750 root:gatehouse
  ensure_dir /etc/gatehouse/secrets 0700 gatehouse:gatehouse
  if compgen -G "$PREFIX/etc/gatehouse/*.yaml" >/dev/null; then
    say "kept the site config in /etc/gatehouse"
    return
  fi
  local f
  for f in "$SRC/config/starter/site.yaml" "$SRC"/config/demo/{devices,doors,safety}.yaml; do
    put_file "$f" "/etc/gatehouse/$(basename "$f")" 0640
    set_owner "$PREFIX/etc/gatehouse/$(basename "$f")" root:gatehouse
  done
}

# The web console's certificate: a self-signed one for this host, made once when none is there, so
# that the console can serve HTTPS from its first start (console.tls in site.yaml names these files).
# District IT may replace both with a certificate the school's devices trust.
console_certificate() {
  local dir=$PREFIX/etc/gatehouse/secrets host ip san
  [ -f "$dir/console.crt" ] && [ -f "$dir/console.key" ] && return
  command -v openssl >/dev/null || { say "openssl not found: no console certificate made"; return; }
  host=$(hostname)
  san="DNS:$host,DNS:$host.local,DNS:localhost,IP:127.0.0.1"
  for ip in $(hostname -I 2>/dev/null); do san="$san,IP:$ip"; done
  # P-256 and 825 days: what browsers accept of a certificate they are told to trust.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 -subj "/CN=$host" \
    -addext "subjectAltName=$san" -keyout "$dir/console.key" -out "$dir/console.crt" 2>/dev/null
  chmod 0600 "$dir/console.key"
  chmod 0644 "$dir/console.crt"
  set_owner "$dir/console.key" gatehouse:gatehouse
  set_owner "$dir/console.crt" gatehouse:gatehouse
  changed "made a self-signed console certificate for $host (/etc/gatehouse/secrets/console.crt)"
}

install_system_files() {
  local unit
  unit=$(mktemp)
  sed "s#/usr/bin/node #$NODE #g" "$SRC/systemd/gatehouse.service" >"$unit"
  UNIT_BEFORE=$CHANGES
  put_file "$unit" /etc/systemd/system/gatehouse.service 0644
  rm -f "$unit"
  UNIT_CHANGED=$((CHANGES - UNIT_BEFORE))
  RULES_BEFORE=$CHANGES
  put_file "$SRC/systemd/70-gatehouse.rules" /etc/udev/rules.d/70-gatehouse.rules 0644
  RULES_CHANGED=$((CHANGES - RULES_BEFORE))
}

# systemd and udev are told only on a live system, never into a prefix.
activate() {
  if [ -n "$PREFIX" ]; then say "prefix install: systemd and udev not told"; return; fi
  if [ "$RULES_CHANGED" -gt 0 ]; then
    if udevadm control --reload 2>/dev/null; then
      udevadm trigger --subsystem-match=tty --subsystem-match=hidraw --subsystem-match=gpio
    else
      say "udev is not running: the rules apply from the next boot"
    fi
  fi
  if [ ! -d /run/systemd/system ]; then say "systemd is not running: enable the unit yourself"; return; fi
  [ "$UNIT_CHANGED" -gt 0 ] && systemctl daemon-reload
  if ! systemctl is-enabled --quiet gatehouse; then
    systemctl enable gatehouse && changed "enabled gatehouse.service (starts at boot)"
  fi
}

main() {
  [ -n "$PREFIX" ] || [ "$(id -u)" = 0 ] || fail "run as root (sudo), or with --prefix DIR"
  [ -z "$PREFIX" ] || mkdir -p "$PREFIX"
  check_node
  ensure_accounts
  install_app
  install_config
  console_certificate
  ensure_dir /var/lib/gatehouse 0750 gatehouse:gatehouse
  install_system_files
  activate
  if [ "$CHANGES" -eq 0 ]; then
    say "nothing to do: everything is installed and up to date"
  else
    say "$CHANGES change(s) made. Next: edit /etc/gatehouse, check it with"
    say "  node /opt/gatehouse/dist/cli.js check --config /etc/gatehouse --data-dir /var/lib/gatehouse"
    say "then: systemctl enable --now gatehouse (or systemctl restart gatehouse after an update)"
  fi
}

main
