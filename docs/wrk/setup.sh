#!/bin/bash
# sets up a store, a till key and a placement on the server at $BASE with the installation admin; prints env lines
set -e
BASE=${BASE:-http://127.0.0.1:8080}
AUTH=${AUTH:-admin@example.com:a-long-password}  # EMAIL:PASSWORD of the installation admin
STORE="BENCH-$RANDOM$RANDOM"
curl -sf -u "$AUTH" -H 'Content-Type: application/json' -X POST "$BASE/api/v1/stores" \
  -d "{\"code\":\"$STORE\",\"name\":\"Benchmark\",\"country\":\"DE\",\"timeZone\":\"Europe/Berlin\",\"currency\":\"EUR\"}" >/dev/null
KEY=$(curl -sf -u "$AUTH" -H 'Content-Type: application/json' -X POST "$BASE/api/v1/api-keys" \
  -d "{\"name\":\"bench $STORE\",\"scopes\":[\"pos\",\"events:write\"],\"storeCode\":\"$STORE\"}" | jq -r .secret)
CODE=$(curl -sf -u "$AUTH" -H 'Content-Type: application/json' -X POST "$BASE/api/v1/placements" \
  -d "{\"store\":\"$STORE\",\"kind\":\"poster\",\"label\":\"Benchmark poster\",\"destination\":\"https://shop.example.com/bench\"}" | jq -r .code)
echo "export STORE=$STORE KEY=$KEY CODE=$CODE"
