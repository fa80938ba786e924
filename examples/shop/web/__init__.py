"""The ``web`` consumer of the shop example: the storefront, calling the catalog with httpx."""
