#!/usr/bin/env bash
# The shop example, end to end, on a throw-away Accord broker (SQLite) on 127.0.0.1:
#   publish -> verify -> can-i-deploy + record-deployment -> a breaking change caught -> fixed.
# Every command's exit code is checked; the script exits 0 only when each one is what it should be.
# Override the tools with ACCORD=... PYTEST=... (the tests point them at the project's venv).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ACCORD="${ACCORD:-accord}"
PYTEST="${PYTEST:-pytest}"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export PACT_BROKER_BASE_URL="http://127.0.0.1:$PORT" PACT_BROKER_HTTP_RETRIES=0 PACT_DO_NOT_TRACK=true
unset PACT_BROKER_TOKEN PACT_BROKER_USERNAME PACT_BROKER_PASSWORD

"$ACCORD" broker serve --port "$PORT" --database-url "sqlite:///$WORK/broker.sqlite3" >"$WORK/broker.log" 2>&1 &
BROKER_PID=$!
cleanup() { kill "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 300); do
    "$ACCORD" environment list >/dev/null 2>&1 && break
    kill -0 "$BROKER_PID" 2>/dev/null || { cat "$WORK/broker.log" >&2; exit 2; }
    sleep 0.1
done

step() { printf '\n== %s\n' "$*"; }
expect() {  # expect CODE COMMAND...: run it, fail the script unless it exits with CODE
    local want=$1 got=0
    shift
    "$@" || got=$?
    if [ "$got" != "$want" ]; then
        echo "run.sh: expected exit $want, got $got from: $*" >&2
        exit 1
    fi
}
contract_tests() {  # contract_tests CONSUMER: run its contract tests, writing pacts under $WORK/pacts/CONSUMER
    rm -rf "$WORK/pacts/$1"
    (cd "$HERE" && SHOP_PACT_DIR="$WORK/pacts/$1" "$PYTEST" -q -p no:cacheprovider "$1")
}
verify_catalog() {  # verify_catalog VERSION: the catalog verifies what the broker selects, publishing results
    (cd "$HERE" && "$ACCORD" verify --provider catalog --app catalog.app:app --states catalog.states \
        --broker-url "$PACT_BROKER_BASE_URL" \
        --consumer-version-selectors '{"mainBranch": true}' \
        --consumer-version-selectors '{"deployedOrReleased": true}' \
        --enable-pending --include-wip-pacts-since 2026-01-01 \
        --publish --provider-version "$1" --provider-branch main)
}
deploy() {  # deploy PACTICIPANT VERSION: the gate, then the deployment is recorded
    expect 0 "$ACCORD" can-i-deploy --pacticipant "$1" --version "$2" --to-environment production
    "$ACCORD" record-deployment --pacticipant "$1" --version "$2" --environment production
}

step "1. The broker gets a production environment"
"$ACCORD" environment create --name production --production

step "2. The consumers' contract tests write pacts; they are published"
contract_tests web
"$ACCORD" publish "$WORK/pacts/web" --consumer-app-version 1.0.0 --branch main
contract_tests worker
"$ACCORD" publish "$WORK/pacts/worker" --consumer-app-version 1.0.0 --branch main

step "3. The catalog verifies both pacts and publishes the results"
expect 0 verify_catalog 1.0.0

step "4. Deploy: the catalog first (nobody depends on it in production yet), then web and worker"
deploy catalog 1.0.0
deploy web 1.0.0
deploy worker 1.0.0

step "5. web 1.1.0 needs 'available', which the catalog does not answer: can-i-deploy says no"
export SHOP_WEB_SHOWS_AVAILABILITY=1
contract_tests web
"$ACCORD" publish "$WORK/pacts/web" --consumer-app-version 1.1.0 --branch main
expect 0 verify_catalog 1.0.0     # the new pact is pending: its failure is published, the build passes
expect 1 "$ACCORD" can-i-deploy --pacticipant web --version 1.1.0 --to-environment production
echo "run.sh: the breaking change was caught before deployment"

step "6. catalog 1.1.0 answers 'available'; it is deployed, and then web 1.1.0 can be"
export SHOP_CATALOG_AVAILABILITY=1
expect 0 verify_catalog 1.1.0
deploy catalog 1.1.0
deploy web 1.1.0
"$ACCORD" describe-version --pacticipant web --version 1.1.0

printf '\nrun.sh: the whole flow behaved as expected\n'
