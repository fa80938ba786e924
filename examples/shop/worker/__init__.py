"""The ``worker`` consumer of the shop example: restocking, calling the catalog with requests."""
