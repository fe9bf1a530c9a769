#!/bin/sh
# Runs node or npm for the dashboard's build:  node.sh node|npm ARGS...
#
# Uses the node and npm on PATH when they are Node 18 or newer. Otherwise fetches Node 20 and npm 10
# once from the npm registry (the node-linux-<arch> package holds the official Node build), checks
# them against their published SHA-512, and keeps them in PULSE_NODE_CACHE (default
# ~/.cache/pulseboard), so that a machine with only a JDK builds the dashboard too.
set -eu

NODE_VERSION=20.18.0
NPM_VERSION=10.8.2
NPM_SHA512=x/AIjFIKRllrhcb48dqUNAAZl0ig9+qMuN91RpZo3Cb2+zuibfh+KISl6+kVVyktDz230JKc208UkQwwMqyB+w==

tool=$1
shift

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 18 ]; then
  exec "$tool" "$@"
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) arch=x64; NODE_SHA512=GxGTXDoCCOeC3uW5UGYJi/2EHXeQrlQzU9qjieEuS3VGRYgSUwDLLpYletFTAePMdfVIqtanaKqsLozTJpe4rg== ;;
  Linux-aarch64) arch=arm64; NODE_SHA512=Mf1IB4Atgk3YtpOzriZKm6jEAE93Or551twUqLoBsfbjmYA1RUZUWxfst2bA5XR/73s6iZJfu1U+usVezEtcJg== ;;
  *) echo "dashboard-ui: no Node.js 18+ on PATH, and none to fetch for $(uname -s) $(uname -m): install Node.js 18 or newer" >&2
     exit 1 ;;
esac

registry=${npm_config_registry:-https://registry.npmjs.org}
registry=${registry%/}
home=${PULSE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulseboard}/node-$NODE_VERSION-npm-$NPM_VERSION

# Downloads $1 to $2 and checks its SHA-512 (base64, as npm publishes it) against $3.
fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$2" "$1"
  else
    wget -q -O "$2" "$1"
  fi
  expected=$(printf '%s' "$3" | base64 -d | od -An -tx1 -v | tr -d ' \n')
  actual=$(sha512sum "$2" | cut -d' ' -f1)
  if [ "$expected" != "$actual" ]; then
    echo "dashboard-ui: $1 does not have its published checksum; not using it" >&2
    exit 1
  fi
}

if [ ! -x "$home/node/bin/node" ] || [ ! -f "$home/npm/bin/npm-cli.js" ]; then
  echo "dashboard-ui: no Node.js 18+ on PATH; fetching Node $NODE_VERSION and npm $NPM_VERSION from $registry" >&2
  partial="$home.partial.$$"
  rm -rf "$partial"
  mkdir -p "$partial/node" "$partial/npm"
  fetch "$registry/node-linux-$arch/-/node-linux-$arch-$NODE_VERSION.tgz" "$partial/node.tgz" "$NODE_SHA512"
  fetch "$registry/npm/-/npm-$NPM_VERSION.tgz" "$partial/npm.tgz" "$NPM_SHA512"
  tar -xzf "$partial/node.tgz" -C "$partial/node" --strip-components=1
  tar -xzf "$partial/npm.tgz" -C "$partial/npm" --strip-components=1
  rm -f "$partial/node.tgz" "$partial/npm.tgz"
  rm -rf "$home"
  mv "$partial" "$home"
fi

# npm runs package scripts with "node" from PATH: put the fetched one first.
PATH="$home/node/bin:$PATH"
export PATH
case "$tool" in
  node) exec "$home/node/bin/node" "$@" ;;
  npm) exec "$home/node/bin/node" "$home/npm/bin/npm-cli.js" "$@" ;;
  *) echo "node.sh runs node or npm, not $tool" >&2; exit 2 ;;
esac
