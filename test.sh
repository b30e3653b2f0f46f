#!/usr/bin/env bash
# The test command: installs what the tests need that NuGet does not bring, runs every test, prints the totals.
#   ./test.sh                 all tests
#   ./test.sh --filter X      any extra arguments go to `dotnet test`
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Headless Chromium renders the local server's status page in its test (Debian package `chromium`).
# Node.js and npm run Azurite and the third-party client check; their packages are installed by the tests
# themselves with `npm ci` from the lock files in tests/ (into artifacts/node/, see tests/TestHelpers/NodePackages.cs).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing chromium (Debian) for the status page test..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "chromium is missing: install it (sudo apt-get install chromium) so the status page test can run." >&2
  fi
fi
for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || echo "$tool is missing: the Azurite and third-party client tests need Node.js and npm." >&2
done

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test Durable.sln --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?

# One closing line with the totals over every test assembly.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$((passed + failed))" -eq 0 ]; then echo "no test ran" >&2; status=1; fi
exit "$status"
