#!/bin/sh
# with-keyring.sh COMMAND [ARGS…]
#
# Runs COMMAND next to a real, unlocked Secret Service, so keytar (and libsecret's secret-tool)
# can be tested headless: a gnome-keyring daemon on a private D-Bus session, with its keyring in
# a throwaway folder. Without a session bus it starts one (dbus-run-session) and runs itself in it.
#
#   Debian: apt-get install gnome-keyring dbus dbus-x11 libsecret-tools libsecret-1-dev
#   scripts/with-keyring.sh npx vitest run test/keychain
set -eu

if [ -z "${PAIL_KEYRING_SESSION:-}" ]; then
  # A private bus of our own, never the desktop's (a test must not touch a person's keyring).
  PAIL_KEYRING_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/pail-keyring.XXXXXX")
# Keyring files (XDG_DATA_HOME) and the daemon's control socket (XDG_RUNTIME_DIR) in the scratch folder.
export XDG_DATA_HOME="$scratch/data"
export XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$scratch" "$XDG_RUNTIME_DIR"

# --unlock reads the new login keyring's password from stdin; the daemon forks and keeps running
# until the bus session ends.
printf 'pail-test' | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null

# The daemon prints its variables before it has claimed org.freedesktop.secrets on the bus; a
# client that asks earlier activates a second daemon, which would prompt for a password. Wait
# (up to 10 s) until the name has an owner.
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  tries=$((tries + 1))
  if [ "$tries" -ge 200 ]; then
    echo "with-keyring.sh: gnome-keyring did not claim org.freedesktop.secrets" >&2
    exit 1
  fi
  sleep 0.05
done

status=0
"$@" || status=$?
rm -rf "$scratch"
exit "$status"
