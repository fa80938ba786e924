"""The orders provider's read side as a Django project in one module (settings, URLs, views)."""

from typing import Any

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from . import _apps


def get_order(request: HttpRequest, order_id: int) -> HttpResponse:
    """The order, or 404."""
    body = _apps.order_body(order_id)
    if body is None:
        return JsonResponse({"error": "not found"}, status=404)
    return JsonResponse(body)


def health(request: HttpRequest) -> HttpResponse:
    """Plain-text health."""
    return HttpResponse("down" if _apps.FLAGS["health_down"] else "ok", content_type="text/plain")


urlpatterns = [path("orders/<int:order_id>", get_order), path("health", health)]

if not settings.configured:
    # DEBUG with no ALLOWED_HOSTS accepts localhost: the Host in-process requests carry
    settings.configure(
        DEBUG=True,
        ALLOWED_HOSTS=[],
        ROOT_URLCONF=__name__,
        SECRET_KEY="tests-only",
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )
    django.setup()


def wsgi() -> Any:
    """The Django WSGI application."""
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def asgi() -> Any:
    """The Django ASGI application."""
    from django.core.asgi import get_asgi_application

    return get_asgi_application()
