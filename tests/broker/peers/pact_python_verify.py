"""Verify a provider from a broker with pact-python 4.x's Verifier (the Rust core through pact_ffi).

Run by the peer venv's Python: ARGS config.json report.json. The config names the broker, the provider
(name, URL, state-change URL), its version and branch, the consumer version selectors (as the broker's
JSON, passed to ``BrokerSelectorBuilder.consumer_version``), pending and WIP; results are published.
The report holds whether ``verify()`` raised, the verifier's JSON results and its output.
"""

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pact import Verifier

config = json.loads(Path(sys.argv[1]).read_text())
provider = urlsplit(config["provider_url"])
builder = (
    Verifier(config["provider"], host=provider.hostname)
    .add_transport(url=config["provider_url"])
    .state_handler(config["state_url"], teardown=True, body=True)
    .broker_source(config["broker_url"], selector=True, use_env=False)
)
for selector in config["selectors"]:  # {"mainBranch": true} -> consumer_version(main_branch=True)
    builder = builder.consumer_version(
        **{re.sub("([A-Z])", r"_\1", k).lower(): v for k, v in selector.items()}
    )
if config.get("pending"):
    builder = builder.include_pending()
if config.get("wip_since"):
    builder = builder.include_wip_since(config["wip_since"])
verifier = (
    builder.provider_branch(config["branch"])
    .build()
    .set_publish_options(version=config["version"], branch=config["branch"])
)
raised = None
try:
    verifier.verify()
except RuntimeError as exc:  # pact_ffi: the verification failed (a non-pending interaction)
    raised = str(exc)
report = {"raised": raised, "results": verifier.results, "output": verifier.output(strip_ansi=True)}
Path(sys.argv[2]).write_text(json.dumps(report))
