#!/bin/sh
# Registers or updates every connector in /connectors once Kafka Connect answers. Each file holds one connector's
# configuration; its name is the file name. PUT .../config creates or replaces, so a re-run is harmless.
set -eu
url="${CONNECT_URL:-http://connect:8083}"
until curl -fs "$url/connectors" >/dev/null; do echo "waiting for $url"; sleep 3; done
for f in /connectors/*.json; do
  name=$(basename "$f" .json)
  curl -fsS -X PUT -H 'Content-Type: application/json' --data @"$f" "$url/connectors/$name/config"
  echo; echo "registered $name"
done
