#!/usr/bin/env bash
# The README's test command: installs and starts what the tests need when it is missing (PostgreSQL, Chromium),
# then runs every test project. CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")"

./eng/install-test-dependencies.sh
source ./eng/start-postgres.sh

# With servers installed by this script, a test that finds one missing is a failure, not a skip.
export STRANGLER_REQUIRE_SERVERS=1
export STRANGLER_CHROMIUM="${STRANGLER_CHROMIUM:-/usr/bin/chromium}"

dotnet build Strangler.sln -c Release
dotnet test Strangler.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
