#!/usr/bin/env bash
# Extra check, outside `swift test`: the public WeChat Pay SDK wechatpy (PyPI), pointed at the
# base URL of `cashier sandbox serve`, pays, queries, reverses, closes and refunds unchanged, and
# reads the sandbox's payment and refund notifies with its own code.
# Needs python3 with venv and PyPI. Usage, after `swift test`: bash scripts/wechatpy_check.sh [--if-available]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${WECHATPY_VENV:-.build/wechatpy-venv}
# --if-available: a machine that cannot install wechatpy skips the check instead of failing it.
if ! { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } || ! "$venv/bin/pip" install -q 'wechatpy[cryptography]==1.8.18'; then
    [ "${1:-}" = "--if-available" ] && { echo "wechatpy check: skipped (wechatpy could not be installed)"; exit 0; }
    echo "wechatpy could not be installed (python3 -m venv, PyPI)"; exit 1
fi
# The binary `swift build --build-tests` / `swift test` made (building the product alone would
# rebuild without the test flags, and the next test build would rebuild again).
bin=${CASHIER_BIN:-$(swift build --show-bin-path)/cashier}
[ -x "$bin" ] || swift build --build-tests
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
# 0.2: the customer's 10 s of password typing take 2 s, WeChat's 45 s revoke 9 s.
CASHIER_TIME_SCALE=0.2 "$bin" sandbox serve --store "$dir/store.sqlite" --port 0 >"$dir/serve.out" 2>&1 &
pid=$!
for _ in $(seq 1 150); do grep -q '^WeChat Pay v2: ' "$dir/serve.out" && break; sleep 0.2; done
base=$(sed -n 's|^WeChat Pay v2: \(http://[^ ]*\)/ .*|\1|p' "$dir/serve.out")
[ -n "$base" ] || { cat "$dir/serve.out"; echo "cashier sandbox serve did not start"; exit 1; }
"$venv/bin/python" scripts/wechatpy_check.py "$base" "$dir/keys/wechat.toml"
