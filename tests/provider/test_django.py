"""A Django application verified in-process, through WSGI and through ASGI."""

from typing import Any

import pytest

from accord.provider import StateHandlers, Verifier

from . import _apps


@pytest.mark.parametrize("interface", ["wsgi", "asgi"])
@pytest.mark.parametrize("broken", [False, True])
def test_django_in_process(interface: str, broken: bool, states: StateHandlers) -> None:
    """The orders read interactions pass against Django (and the id-as-string regression fails)."""
    from . import django_app

    app: Any = getattr(django_app, interface)()
    _apps.FLAGS["broken"] = broken
    verifier = Verifier("orders").with_app(app).with_states(states).add_source(_apps.orders_pact())
    result = verifier.select(
        description=("a request for order 7", "a request for a missing order", "a health check")
    )
    verdicts = {r.description: r.status for r in result.verify(report=False).interactions}
    assert verdicts == {
        "a request for order 7": "failed" if broken else "passed",
        "a request for a missing order": "passed",
        "a health check": "passed",
    }
