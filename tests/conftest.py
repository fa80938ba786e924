"""Configuration shared by the whole test suite.

``pytester`` (pytest's own fixture for running pytest in a temporary directory, used by the consumer
plugin's tests) must be enabled here: pytest refuses ``pytest_plugins`` in a conftest below the root.
"""

pytest_plugins = ["pytester"]
