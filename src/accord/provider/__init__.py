"""accord.provider: verify a provider against its consumers' pacts, over HTTP or in-process.

```python
from accord.provider import Verifier, provider_state

@provider_state("an order exists")
def order(id: int):
    db.add(Order(id))
    yield {"id": id}          # provider-state values, for ProviderState generators
    db.delete(id)             # teardown, after the interaction

result = Verifier("orders").with_app(app).add_source("pacts/").verify()
assert result.success
```

Modules: ``_verifier`` (``Verifier``, ``Selection``), ``_cases`` (walking pact documents),
``_replay`` (pact request -> HTTP request, response -> matcher form), ``_states`` (handlers and the
state-change protocol), ``_messages`` (message producers), ``_sources`` (files, directories, URLs),
``_broker`` (pacts for verification, publishing results), ``_results`` (verdicts, JSON, JUnit,
broker form), ``_report`` (the Rich console report), ``transports`` (HTTP, WSGI, ASGI).
"""

from ._cases import Case, PactDocument, ProviderState
from ._messages import Message, MessageContext
from ._results import InteractionResult, PactResult, VerificationResult
from ._states import StateHandlers, default_states, provider_state
from ._verifier import Selection, Verifier

__all__ = [
    "Case",
    "InteractionResult",
    "Message",
    "MessageContext",
    "PactDocument",
    "PactResult",
    "ProviderState",
    "Selection",
    "StateHandlers",
    "VerificationResult",
    "Verifier",
    "default_states",
    "provider_state",
]
