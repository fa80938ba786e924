"""The ``catalog`` provider of the shop example: products, their prices and their stock."""
