"""accord.broker.api: the broker's HTTP routes, one module per resource.

Service routes: ``index`` (``/``, heartbeat), ``pacts`` (publish, pacts, verification results),
``pact_lists`` (pacts by consumer branch, provider states),
``pacticipants`` (pacticipants, versions, branches, tags), ``environments`` (environments, deployed
and released versions), ``openapi`` (``/openapi.json``). Domain routes: ``matrix`` (``/matrix``,
``/can-i-deploy``) and ``for_verification`` (pacts for verification). Each exposes ``routes()``.
"""

from accord.broker.api._common import HAL_JSON, ApiError

__all__ = ["HAL_JSON", "ApiError"]
