#!/usr/bin/env bash
# Run every test: typecheck, builds, unit tests (vitest), UI tests (Playwright on Debian's Chromium).
# Prints "N passed, N failed" last, with the totals of all runners (each typecheck/build counts as one).
set -u
cd "$(dirname "$0")/.."
mkdir -p .tmp
passed=0
failed=0
skipped=0
step() { # name, command...
  local name=$1; shift
  echo "▶ $name"
  if "$@"; then passed=$((passed + 1)); echo "✔ $name"; else failed=$((failed + 1)); echo "✘ $name"; fi
}
step "typecheck (all)" npx tsc --noEmit -p tsconfig.json
step "typecheck (core is pure: no DOM, no Node)" npx tsc --noEmit -p tsconfig.core.json
step "layers (dependency-cruiser)" npx depcruise src --config .dependency-cruiser.cjs
step "build (cli)" node scripts/build-cli.mjs
if [ -f electron.vite.config.ts ]; then step "build (electron-vite)" npx electron-vite build; fi

rm -f .tmp/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json
if [ -f .tmp/vitest.json ]; then
  read -r vp vf vs < <(node -e 'const r=require("./.tmp/vitest.json");console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites??0), r.numPendingTests + (r.numTodoTests??0))')
  passed=$((passed + vp)); failed=$((failed + vf)); skipped=$((skipped + vs))
else
  echo "vitest produced no report"; failed=$((failed + 1))
fi

if [ -f playwright.config.ts ]; then
  rm -f .tmp/playwright.json
  PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright.json npx playwright test --reporter=list,json
  if [ -f .tmp/playwright.json ]; then
    read -r pp pf ps < <(node -e 'const r=require("./.tmp/playwright.json");const s=r.stats;console.log(s.expected + s.flaky, s.unexpected, s.skipped)')
    passed=$((passed + pp)); failed=$((failed + pf)); skipped=$((skipped + ps))
  else
    echo "playwright produced no report"; failed=$((failed + 1))
  fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
