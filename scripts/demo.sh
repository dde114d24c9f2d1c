#!/usr/bin/env bash
# Sets everything up and runs the main job: a real backtest of a shipped config, its metrics
# table in USD and gold, its result files and its HTML report. Needs Node 20.19+ and market
# data in REGIME_DATA_DIR (default ../shared/data) — or run `regime data pull` first.
set -euo pipefail
cd "$(dirname "$0")/.."
export REGIME_DATA_DIR="${REGIME_DATA_DIR:-$(cd .. && pwd)/shared/data}"
npx -y pnpm@10 install --frozen-lockfile
npx -y pnpm@10 build
node packages/cli/dist/bin.js run configs/gold-ratio-rotation.yaml --report
