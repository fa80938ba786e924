"""The ``accord`` command line: a leaf that imports everything and is imported by nothing.

Subcommands are registered by name in ``_COMMANDS`` and imported only when invoked (or when their own
``--help`` is asked for), so ``accord --help`` answers without importing the broker, httpx or Rich.
Each subcommand module exposes one Click command or group under the attribute named here.
"""

from __future__ import annotations

from accord.cli._main import main

__all__ = ["main"]
