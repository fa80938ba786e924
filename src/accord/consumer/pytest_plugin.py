"""pytest plugin for consumer contract tests (registered through the ``pytest11`` entry point)."""
