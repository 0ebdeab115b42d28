"""The REST API's request list (anonymous reader), on the requests of s10 (30 at S, 3,000 at L):
the same queries at both sizes, server time as a ratio to the floor."""

from django.conf import settings

from bench.harness import Page


def build(ctx):
    """Nothing to add: the API reads the requests the requests scenario built.

    The bench calls each page about thirty times a minute from one address: lift the
    anonymous rate limit so it measures the list, not the 429 answer.
    """
    settings.API_ANONYMOUS_RATE = "100000/min"


def pages(ctx):
    return [
        Page("API request list", "/api/v1/requests/"),
        Page("API request list, filtered", "/api/v1/requests/?status=eligible&sort=endorsed"),
    ]
