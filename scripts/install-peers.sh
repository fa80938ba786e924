#!/usr/bin/env bash
# Install the peer Pact tools that Accord's interoperability tests and benchmarks compare against,
# each in its own virtual environment (pact-python and pactman both register pytest plugins):
#   .peers/pact-python  pact-python 4.x (Rust core via FFI) and pact-python-cli (the `pact` binary)
#   .peers/pactman      pactman (pure Python, patches urllib3)
#   .peers/pact-ruby    pact-python 2.2.1, whose wheel bundles the Ruby standalone: the Ruby `pact-broker`
#                       client, `pact-provider-verifier` and `pact-publish` in site-packages/pact/bin/
#   .peers/pact-js      pact-js (npm; Rust core via pact-core's prebuilt ffi), optional: without node/npm
#                       or when npm fails, tests/broker/test_pact_js.py skips and says why
# Idempotent: an environment that already imports its tool is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
mkdir -p .peers
if ! { .peers/pact-python/bin/python -c 'import pact' 2>/dev/null && test -x .peers/pact-python/bin/pact; }; then
  "$PY" -m venv .peers/pact-python
  .peers/pact-python/bin/pip install -q --upgrade pip
  .peers/pact-python/bin/pip install -q 'pact-python>=3' 'pact-python-cli==1!0.10.9' requests flask
fi
if ! .peers/pactman/bin/python -c 'import pactman' 2>/dev/null; then
  "$PY" -m venv .peers/pactman
  .peers/pactman/bin/pip install -q --upgrade pip
  .peers/pactman/bin/pip install -q pactman requests pytest flask
fi
if ! .peers/pact-ruby/bin/python -c 'import pact, pathlib, subprocess, sys
bin = pathlib.Path(pact.__file__).parent / "bin"
sys.exit(subprocess.run([bin / "pact-broker", "version"], capture_output=True).returncode)' 2>/dev/null; then
  "$PY" -m venv .peers/pact-ruby
  .peers/pact-ruby/bin/pip install -q --upgrade pip
  .peers/pact-ruby/bin/pip install -q 'pact-python==2.2.1'
  .peers/pact-ruby/lib/python*/site-packages/pact/bin/pact-broker version >/dev/null
fi
if command -v npm >/dev/null && ! NODE_PATH=.peers/pact-js/node_modules node -e 'require("@pact-foundation/pact")' 2>/dev/null; then
  mkdir -p .peers/pact-js
  timeout 300 npm install --prefix .peers/pact-js --no-audit --no-fund '@pact-foundation/pact@^16' \
    >.peers/pact-js/install.log 2>&1 || echo "pact-js not installed (optional): see .peers/pact-js/install.log" >&2
fi
echo "peers installed in .peers/"
