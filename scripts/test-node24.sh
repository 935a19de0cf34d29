#!/usr/bin/env bash
# `npm run test:node24`: the whole suite on Node 24 LTS (.ci/install-node24 installs it). Node 24's
# bin dir goes first on PATH, so the CLI, npm, npx and git hooks that the tests start run on it too.
# Extra arguments go to vitest (`npm run test:node24 -- test/install/`).
set -euo pipefail
cd "$(dirname "$0")/.."

node24="$(bash .ci/install-node24)"
export PATH="$(dirname "$node24"):$PATH"
echo "node $(node --version) ($node24)"
node scripts/bundle.js
exec node node_modules/vitest/vitest.mjs run "$@"
