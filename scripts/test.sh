#!/usr/bin/env bash
# Installs what the tests need (Debian chromium and prometheus) and runs every check: typecheck, lint, vitest, next build, Playwright.
# The steps run side by side where they can (see below), each to its own log under .pgwarden/reports, printed when the
# step ends. Every step runs even when another failed (except Playwright, which needs the build). Exits non-zero when
# anything failed. The failed tests are listed by name near the end (CI may keep only the tail). The last line is
# always "N passed, N failed": tests passed/failed across vitest and Playwright,
# where a failed step that reports no failed test (typecheck, lint, build, a crashed runner) counts as one failure.
set -euo pipefail

cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export DEBIAN_FRONTEND=noninteractive

REPORTS=.pgwarden/reports
rm -rf "$REPORTS"
mkdir -p "$REPORTS"

passed=0
failed=0
status_lines=()

now() { date +%s; }

# record NAME EXIT_CODE SECONDS PASSED FAILED
record() {
  local name=$1 code=$2 seconds=$3 p=$4 f=$5
  if [[ $code -ne 0 && $f -eq 0 ]]; then f=1; fi
  if [[ $f -gt 0 && $code -eq 0 ]]; then code=1; fi # a report with failures wins over a runner's exit code
  passed=$((passed + p))
  failed=$((failed + f))
  local word=ok
  [[ $code -ne 0 ]] && word=FAILED
  status_lines+=("$(printf '%-10s %-7s %4ss  (%s passed, %s failed)' "$name" "$word" "$seconds" "$p" "$f")")
}

# Reads "PASSED FAILED" from a vitest or Playwright JSON report; "0 0" when it is missing or unreadable.
count_tests() { node scripts/test-report.mjs counts "$1" "$2"; }

# list_tests failures|flaky TITLE: each such test of both runners, under TITLE, when there is any.
list_tests() {
  local lines
  lines=$(
    node scripts/test-report.mjs "$1" vitest "$REPORTS/vitest.json"
    node scripts/test-report.mjs "$1" playwright "$REPORTS/playwright.json"
  )
  [[ -z $lines ]] && return
  echo
  echo "=== $2 (whole output in $REPORTS/vitest.log and $REPORTS/playwright.log)"
  echo "$lines"
}

# Stops servers a crashed runner left behind (normally the runners' own teardown already did). Servers of other live
# runs (someone else testing in this checkout) are not touched.
cleanup_servers() {
  node_modules/.bin/tsx -e '
    (async () => {
      const { cleanStaleRuns } = await import("./test/processes.ts");
      const { TEST_RUN_DIR, stopTestLeftovers } = await import("./test/global-setup.ts");
      const { E2E_RUN_DIR, stopE2ELeftovers } = await import("./e2e/app-under-test.ts");
      await cleanStaleRuns(TEST_RUN_DIR, stopTestLeftovers);
      await cleanStaleRuns(E2E_RUN_DIR, stopE2ELeftovers);
    })();
  ' >/dev/null 2>&1 || true
}

echo "=== setup"
setup_start=$(now)
setup_code=0
SUDO=()
[[ $(id -u) -ne 0 ]] && SUDO=(sudo -n)
apt_updated=0
# install_debian PACKAGE [APT_OPTION...]
install_debian() {
  local package=$1
  shift
  echo "installing $package (Debian package) for the e2e tests"
  if [[ $apt_updated -eq 0 ]]; then
    "${SUDO[@]}" apt-get update -qq </dev/null || return
    apt_updated=1
  fi
  "${SUDO[@]}" apt-get install -y -qq -o Dpkg::Options::=--force-confold "$@" "$package" </dev/null
}
[[ -x /usr/bin/chromium ]] || install_debian chromium || setup_code=$?
# The metrics spec starts its own prometheus (temp storage, free port). Where systemd runs, Debian's package also
# starts a system service on :9090; the tests never use it and it does not get in their way. Without recommends, so
# no prometheus-node-exporter service comes along.
[[ -x /usr/bin/prometheus ]] || install_debian prometheus --no-install-recommends || setup_code=$?
record setup "$setup_code" $(($(now) - setup_start)) 0 0

# The steps, side by side where they can be (vitest mostly waits on PostgreSQL and timers):
#   vitest
#   next build, then Playwright
#   (after the build) typecheck, then lint
# The build, on the longest path, gets the second core to itself; tsc comes after it to check the route types it
# writes to .next/types, so the build skips its own identical type check (next.config.js).

# run_step NAME COUNTS COMMAND...: runs COMMAND with its output in $REPORTS/NAME.log, then writes
# "EXIT_CODE SECONDS PASSED FAILED" to $REPORTS/NAME.status. COUNTS is vitest, playwright or none (the JSON report
# $REPORTS/NAME.json gives the test counts).
run_step() {
  local name=$1 counts=$2
  shift 2
  local start code=0 p=0 f=0
  start=$(now)
  { echo "\$ $*"; "$@"; } >"$REPORTS/$name.log" 2>&1 </dev/null || code=$?
  [[ $counts != none ]] && read -r p f < <(count_tests "$counts" "$REPORTS/$name.json")
  echo "$code $(($(now) - start)) $p $f" >"$REPORTS/$name.status"
}

# Interrupted: stops the steps this script started (each process under its lanes), then their servers.
lane_pids=()
stop_tree() {
  local child
  for child in $(pgrep -P "$1"); do stop_tree "$child"; done
  kill -TERM "$1" 2>/dev/null || true
}
stop_lanes() {
  for pid in "${lane_pids[@]}"; do stop_tree "$pid"; done
  wait
  cleanup_servers
  exit 130
}
trap stop_lanes INT TERM

run_step vitest vitest node_modules/.bin/vitest run --reporter=default --reporter=json \
  --outputFile.json="$REPORTS/vitest.json" &
lane_pids+=($!)

(
  PGWARDEN_BUILD_SKIPS_TYPECHECK=1 run_step build none node_modules/.bin/next build
  (
    run_step typecheck none node_modules/.bin/tsc --noEmit
    run_step lint none npm run --silent lint
  ) &
  read -r build_code _ <"$REPORTS/build.status"
  if [[ $build_code -eq 0 && $setup_code -eq 0 ]]; then
    PLAYWRIGHT_JSON_OUTPUT_FILE="$REPORTS/playwright.json" PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" \
      run_step playwright playwright node_modules/.bin/playwright test --reporter=list,json
  else
    echo skipped >"$REPORTS/playwright.status"
  fi
  wait
) &
lane_pids+=($!)

# Prints each step's log as the step ends (so concurrent output never interleaves), and a line a minute meanwhile.
steps=(typecheck lint vitest build playwright)
printed=()
run_start=$(now)
last_note=$run_start
while [[ ${#printed[@]} -lt ${#steps[@]} ]]; do
  for name in "${steps[@]}"; do
    [[ " ${printed[*]} " == *" $name "* || ! -f $REPORTS/$name.status ]] && continue
    printed+=("$name")
    read -r code seconds _ <"$REPORTS/$name.status"
    [[ $code == skipped ]] && continue
    echo
    echo "=== $name (exit $code, ${seconds}s; log: $REPORTS/$name.log)"
    cat "$REPORTS/$name.log"
  done
  if [[ $(($(now) - last_note)) -ge 60 ]]; then
    last_note=$(now)
    running=()
    for name in "${steps[@]}"; do
      [[ " ${printed[*]} " == *" $name "* || ! -f $REPORTS/$name.log ]] || running+=("$name")
    done
    echo "... $(($(now) - run_start))s: running ${running[*]}"
  fi
  sleep 1
done
wait
trap - INT TERM
cleanup_servers

for name in "${steps[@]}"; do
  read -r code seconds p f <"$REPORTS/$name.status"
  if [[ $code == skipped ]]; then
    status_lines+=("$name skipped  (needs chromium, prometheus and a successful build)")
  else
    record "$name" "$code" "$seconds" "$p" "$f"
  fi
done

echo
echo "=== summary ($(($(now) - setup_start))s in all)"
printf '%s\n' "${status_lines[@]}"
list_tests flaky "flaky tests: failed, then passed on their retry (under CI, vitest and Playwright retry once)"
list_tests failures "failed tests"
echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
