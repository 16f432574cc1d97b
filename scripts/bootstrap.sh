#!/usr/bin/env bash
# Installs what Bridgekeeper needs on a fresh machine, then its npm dependencies (which also builds it).
# On Debian/Ubuntu it installs the system packages with apt (libsecret for the keychain, gnome-keyring + dbus
# for the throwaway test keyring, Chromium for UI tests). Elsewhere it only runs npm.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends \
    libsecret-1-dev gnome-keyring dbus libsecret-tools chromium fonts-liberation python3 make g++ >/dev/null
fi

# The Electron binary is fetched from GitHub, which build machines may not reach; the app still builds and
# packages (electron-builder fetches it where it can). keytar is built from source against the local headers.
export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
if [ -d /usr/include/node ]; then export npm_config_nodedir="${npm_config_nodedir:-/usr}"; fi
# `npm install` (not `npm ci`): it honours package-lock.json, and unlike `npm ci` it copes with lockfiles that
# record only this platform's optional native packages (rollup, esbuild), which some npm setups produce.
npm install --no-audit --no-fund
