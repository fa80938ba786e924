"""Verify a provider from a broker with pact-python 4.x's Verifier (the Rust core through pact_ffi).

Run by the peer venv's Python: ARGS config.json report.json. The config names the broker (and a token),
the provider (name, URL and state-change URL, or the messages it produces), its version, branch and
tags, the consumer version selectors (the broker's JSON, passed to
``BrokerSelectorBuilder.consumer_version``), pending and WIP; results are published. The report holds
whether ``verify()`` raised, the verifier's JSON results and its output.
"""

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pact import Verifier

config = json.loads(Path(sys.argv[1]).read_text())
if "messages" in config:  # a message provider: each message's JSON body, by description
    verifier = Verifier(config["provider"]).message_handler(
        {
            name: {
                "contents": json.dumps(body).encode(),
                "content_type": "application/json",
                "metadata": meta,
            }
            for name, (body, meta) in config["messages"].items()
        }
    )
else:
    verifier = (
        Verifier(config["provider"], host=urlsplit(config["provider_url"]).hostname)
        .add_transport(url=config["provider_url"])
        .state_handler(config["state_url"], teardown=True, body=True)
    )
builder = verifier.broker_source(
    config["broker_url"], token=config.get("token"), selector=True, use_env=False
)
for selector in config["selectors"]:  # {"mainBranch": true} -> consumer_version(main_branch=True)
    builder = builder.consumer_version(
        **{re.sub("([A-Z])", r"_\1", k).lower(): v for k, v in selector.items()}
    )
if config.get("provider_tags"):
    builder = builder.provider_tags(*config["provider_tags"])
if config.get("pending"):
    builder = builder.include_pending()
if config.get("wip_since"):
    builder = builder.include_wip_since(config["wip_since"])
verifier = (
    builder.provider_branch(config["branch"])
    .build()
    .set_publish_options(version=config["version"], branch=config["branch"], tags=config.get("provider_tags"))
)
raised = None
try:
    verifier.verify()
except RuntimeError as exc:  # pact_ffi: the verification failed (a non-pending interaction)
    raised = str(exc)
report = {"raised": raised, "results": verifier.results, "output": verifier.output(strip_ansi=True)}
Path(sys.argv[2]).write_text(json.dumps(report))
