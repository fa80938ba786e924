"""How the verifier reaches a provider: one ``httpx.BaseTransport`` interface, HTTP or in-process."""

from ._base import AsgiBridge, HttpTransport, app_transport, http_transport, is_asgi

__all__ = ["AsgiBridge", "HttpTransport", "app_transport", "http_transport", "is_asgi"]
