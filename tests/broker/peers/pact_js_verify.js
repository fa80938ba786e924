// Verify a provider from a broker with pact-js's Verifier (its Rust core through pact-core's ffi).
// Run with node, NODE_PATH pointing at .peers/pact-js/node_modules: ARGS config.json report.json.
// The config is the one tests/broker/peers/pact_python_verify.py reads; provider states are handled in
// pact-js's stateHandlers and forwarded to the provider's state URL, as a JS provider would set them up.
// The report holds whether verifyProvider() rejected (a failed build) and with what message.
'use strict';

const fs = require('fs');
const { Verifier } = require('@pact-foundation/pact');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function forward(action, state) {
  return async (params) => {
    const response = await fetch(config.state_url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action, params: params || {}, state }),
    });
    if (!response.ok) throw new Error(`state ${action} ${state}: ${response.status}`);
    return undefined;
  };
}

const states = ['item exists', 'office items exist'];
const stateHandlers = Object.fromEntries(
  states.map((state) => [state, { setup: forward('setup', state), teardown: forward('teardown', state) }]),
);

const options = {
  provider: config.provider,
  providerBaseUrl: config.provider_url,
  pactBrokerUrl: config.broker_url,
  consumerVersionSelectors: config.selectors,
  enablePending: Boolean(config.pending),
  publishVerificationResult: true,
  providerVersion: config.version,
  providerVersionBranch: config.branch,
  stateHandlers,
  logLevel: 'warn',
};
if (config.wip_since) options.includeWipPactsSince = config.wip_since;
if (config.token) options.pactBrokerToken = config.token;
if (config.provider_tags) options.providerVersionTags = config.provider_tags;

new Verifier(options)
  .verifyProvider()
  .then((output) => ({ rejected: null, output: String(output || '') }))
  .catch((error) => ({ rejected: String((error && error.message) || error), output: '' }))
  .then((report) => {
    fs.writeFileSync(process.argv[3], JSON.stringify(report));
  });
