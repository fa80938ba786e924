"""accord.client: a Pact Broker client that follows HAL links (Accord's broker, Pact Broker, PactFlow).

- ``HalClient``: the HAL navigator every broker call goes through (index, links, auth, retries,
  errors); the provider verifier uses it too. See ``accord.client._hal`` for its API.
"""

from ._hal import HalClient, broker_message

__all__ = ["HalClient", "broker_message"]
