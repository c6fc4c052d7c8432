#!/usr/bin/env bash
# The README's test command: installs and starts what the tests need when it is missing (PostgreSQL, Chromium, wrk),
# then builds and runs every test project. CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")"

./eng/install-test-dependencies.sh
source ./eng/start-postgres.sh

# With the servers installed by this script, a test that finds one missing is a failure, not a skip.
export STRANGLER_REQUIRE_SERVERS=1
export STRANGLER_CHROMIUM="${STRANGLER_CHROMIUM:-/usr/bin/chromium}"

results=artifacts/test-results
rm -rf "$results"
dotnet build Strangler.sln -c Release
status=0
dotnet test Strangler.sln -c Release --no-build --results-directory "$results" \
  --logger "console;verbosity=normal" --logger trx "$@" || status=$?

command -v python3 >/dev/null && ./eng/summarize-test-results.py "$results"
exit $status
