# The gateway's system user and its groups, for scripts/install.sh (sourced: it uses PREFIX, say and
# changed from there). The user `gatehouse` has its own group and exactly three more: dialout (serial
# ports), gpio (/sys/class/gpio, /dev/gpiochip*) and plugdev (the hidraw nodes of the udev rules).
# Missing groups are made as system groups, so a plain Debian box (no gpio group) works too.
# Under --prefix nothing is made: the accounts are written to DIR/etc/group and DIR/etc/passwd, in
# their formats, so a test can read what a real run would have made.

GATEHOUSE_GROUPS=(dialout gpio plugdev)
# Debian's static ids (base-passwd) for the groups that have one; others get a free system id.
declare -A STATIC_GID=([dialout]=20 [plugdev]=46)
# Highest system id (Debian's SYS_UID_MAX / SYS_GID_MAX): system ids are handed out downwards.
SYS_ID_MAX=999

# A system id free in a prefix's passwd or group file, counting down as groupadd --system does.
free_prefix_id() { # file
  local id=$SYS_ID_MAX
  while cut -d: -f3 "$1" | grep -qx "$id"; do id=$((id - 1)); done
  echo "$id"
}

ensure_group() { # name
  if [ -z "$PREFIX" ]; then
    getent group "$1" >/dev/null || { groupadd --system "$1"; changed "created system group $1"; }
    return
  fi
  local file=$PREFIX/etc/group
  mkdir -p "$PREFIX/etc" && { [ -e "$file" ] || : >"$file"; }
  grep -q "^$1:" "$file" && return
  echo "$1:x:${STATIC_GID[$1]:-$(free_prefix_id "$file")}:" >>"$file"
  changed "recorded system group $1 in /etc/group"
}

# Adds the user to a group's member list in a prefix's group file.
prefix_join() { # group
  local file=$PREFIX/etc/group line
  line=$(grep "^$1:" "$file")
  case ",${line##*:}," in *,gatehouse,*) return ;; esac
  local members=${line##*:}
  sed -i "s/^$1:\(.*\):$members\$/$1:\1:${members:+$members,}gatehouse/" "$file"
  changed "recorded gatehouse as a member of $1"
}

ensure_user() {
  if [ -z "$PREFIX" ]; then
    if ! id -u gatehouse >/dev/null 2>&1; then
      useradd --system --gid gatehouse --home-dir /var/lib/gatehouse --no-create-home \
        --shell /usr/sbin/nologin --comment "Gatehouse gateway" gatehouse
      changed "created system user gatehouse"
    fi
    return
  fi
  local file=$PREFIX/etc/passwd gid
  [ -e "$file" ] || : >"$file"
  grep -q "^gatehouse:" "$file" && return
  gid=$(grep "^gatehouse:" "$PREFIX/etc/group" | cut -d: -f3)
  echo "gatehouse:x:$(free_prefix_id "$file"):$gid:Gatehouse gateway:/var/lib/gatehouse:/usr/sbin/nologin" >>"$file"
  changed "recorded system user gatehouse in /etc/passwd"
}

ensure_membership() { # group
  if [ -n "$PREFIX" ]; then prefix_join "$1"; return; fi
  id -nG gatehouse | tr ' ' '\n' | grep -qx "$1" && return
  usermod --append --groups "$1" gatehouse
  changed "added gatehouse to group $1"
}

ensure_accounts() {
  local g
  for g in "${GATEHOUSE_GROUPS[@]}"; do ensure_group "$g"; done
  ensure_group gatehouse
  ensure_user
  for g in "${GATEHOUSE_GROUPS[@]}"; do ensure_membership "$g"; done
}
