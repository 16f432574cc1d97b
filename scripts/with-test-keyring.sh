#!/usr/bin/env bash
# Runs a command with a real but throwaway Secret Service: a private D-Bus session and an unlocked
# gnome-keyring whose files live in a temp folder. Tests then exercise the real keychain path without touching
# the developer's own keyring. Already inside one (BRIDGEKEEPER_TEST_KEYRING=1)? Just run the command.
set -euo pipefail
if [ "${BRIDGEKEEPER_TEST_KEYRING:-}" = "1" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-test-keyring: dbus-run-session and gnome-keyring-daemon are needed for the keychain tests." >&2
  echo "with-test-keyring: run 'bash scripts/bootstrap.sh' (Debian/Ubuntu) or install gnome-keyring and dbus." >&2
  exit 1
fi
exec dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$(mktemp -d)"
  export BRIDGEKEEPER_TEST_KEYRING=1
  echo -n "bridgekeeper-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
' bash "$@" 2> >(grep -v "Failed to set fd limit" >&2)
