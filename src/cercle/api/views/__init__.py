"""The API: thin views over the selectors and services the pages use.

Reads are public, like the pages; a write needs a token of scope write and goes through the
same service as the page, so the same rules and permissions apply. Refusals answer the JSON
shape of `cercle.api.errors`.
"""
