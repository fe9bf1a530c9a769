#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests use beyond a JDK where it is missing:
#   chromium  the browser of the dashboard's tests (e2e-tests DashboardIT)
#   curl      used by ./pulseboard (LauncherIT) to see that each part is ready
# Idempotent and quiet: does nothing when both are on PATH.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-tools: ${missing[*]} missing and no apt-get to install them; install them by hand" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-test-tools: could not install ${missing[*]} (output above)" >&2
    exit 1
fi
