#!/usr/bin/env bash
# Sets everything up from scratch and runs every test (the README's test command; .ci/run).
# Needs Node 20.19+. Real-data tests read REGIME_DATA_DIR (default: ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
export REGIME_DATA_DIR="${REGIME_DATA_DIR:-$(cd .. && pwd)/shared/data}"

npx -y pnpm@10 install --frozen-lockfile

# Reports are checked in a real headless browser: Debian's chromium, driven by playwright-core.
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing chromium for the report tests" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium is missing and cannot be installed here (needs root and apt); the browser tests will fail" >&2
  fi
fi

# Studies on many machines are tested against a real Redis: Debian's redis-server, started by
# the tests on 127.0.0.1 on a free port (test/clusterSupport.ts).
if [ ! -x /usr/bin/redis-server ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing redis-server for the cluster tests" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "warning: /usr/bin/redis-server is missing and cannot be installed here (needs root and apt); the cluster tests will fail" >&2
  fi
fi

npx -y pnpm@10 build
mkdir -p test-output
status=0
npx -y pnpm@10 test --reporter=default --reporter=json --outputFile.json=test-output/vitest.json || status=$?
# One plain closing line: "tests: N passed, N failed".
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-output/vitest.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' || true
exit $status
