#!/usr/bin/env bash
# Stops the broker that scripts/kafka-up.sh started and removes its data.
set -uo pipefail
STATE="${KAFKALINT_KAFKA_STATE:-/tmp/kafkalint-kafka}"
if [ ! -f "$STATE/kafka.pid" ]; then
  echo "kafka-down: no broker recorded in $STATE" >&2
  exit 0
fi
PID="$(cat "$STATE/kafka.pid")"
DIR="$(cat "$STATE/kafka.dir" 2>/dev/null || true)"
if kill -0 "$PID" 2>/dev/null; then
  kill "$PID"
  for _ in $(seq 1 60); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$PID" 2>/dev/null; then
    kill -9 "$PID" 2>/dev/null || true
  fi
fi
rm -f "$STATE/kafka.pid" "$STATE/kafka.dir" "$STATE/bootstrap" "$STATE/bootstrap-sasl"
case "$DIR" in
  /tmp/kafkalint-kafka-run.*) rm -rf "$DIR" ;;
esac
echo "kafka-down: stopped broker $PID" >&2
