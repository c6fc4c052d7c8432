#!/usr/bin/env bash
# The README's test command: installs and starts what the tests need when it is missing (PostgreSQL, Chromium, wrk),
# then builds and runs every test project. CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")"

./eng/install-test-dependencies.sh
source ./eng/start-postgres.sh

# With the servers installed by this script, a test that finds one missing is a failure, not a skip.
export STRANGLER_REQUIRE_SERVERS=1
# Every test host watches its appsettings files, and the per-user inotify instances (128 by default) run out after a
# few hundred hosts in one run; the tests never edit appsettings, so hosts skip the watch. Raised too where allowed.
export DOTNET_hostBuilder__reloadConfigOnChange=false
if [ "$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)" -lt 1024 ]; then
  sysctl -q -w fs.inotify.max_user_instances=1024 2>/dev/null || true
fi
export STRANGLER_CHROMIUM="${STRANGLER_CHROMIUM:-/usr/bin/chromium}"

# The house style (.editorconfig, eng/CodeAnalysis.*.globalconfig) before anything is built, so drift fails here with
# the command that fixes it. About a minute and a half on two cores.
if ! dotnet format Strangler.sln --verify-no-changes; then
  echo "test.sh: the code is not in the house style (see the lines above). Fix it with: dotnet format Strangler.sln" >&2
  exit 1
fi
# ConfigureAwait is settled as "never" (why: eng/CodeAnalysis.src.globalconfig); no analyzer checks that direction.
if grep -rn --include='*.cs' --exclude-dir=bin --exclude-dir=obj 'ConfigureAwait(false)' src tests benchmarks; then
  echo "test.sh: ConfigureAwait(false) found above; Strangler uses none (see eng/CodeAnalysis.src.globalconfig). Delete it." >&2
  exit 1
fi

results=artifacts/test-results
rm -rf "$results"
dotnet build Strangler.sln -c Release
status=0
dotnet test Strangler.sln -c Release --no-build --results-directory "$results" \
  --logger "console;verbosity=normal" --logger trx "$@" || status=$?

command -v python3 >/dev/null && ./eng/summarize-test-results.py "$results"
exit $status
