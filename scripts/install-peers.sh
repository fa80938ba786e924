#!/usr/bin/env bash
# Install the peer Pact tools that Accord's interoperability tests and benchmarks compare against,
# each in its own virtual environment (pact-python and pactman both register pytest plugins):
#   .peers/pact-python  pact-python 4.x (Rust core via FFI) and pact-python-cli (the `pact` binary)
#   .peers/pactman      pactman (pure Python, patches urllib3)
# Idempotent: an environment that already imports its tool is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
mkdir -p .peers
if ! .peers/pact-python/bin/python -c 'import pact, pact_cli' 2>/dev/null; then
  "$PY" -m venv .peers/pact-python
  .peers/pact-python/bin/pip install -q --upgrade pip
  .peers/pact-python/bin/pip install -q 'pact-python>=3' 'pact-python-cli==1!0.10.9' requests flask
fi
if ! .peers/pactman/bin/python -c 'import pactman' 2>/dev/null; then
  "$PY" -m venv .peers/pactman
  .peers/pactman/bin/pip install -q --upgrade pip
  .peers/pactman/bin/pip install -q pactman requests pytest flask
fi
echo "peers installed in .peers/"
