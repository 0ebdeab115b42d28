"""What happens to vote campaigns, announced for the apps that react (club news drafts an
announcement, webhooks deliver an event) and that votes never imports.

Sent inside the transaction that makes the change.
"""

from django.dispatch import Signal

# campaign: closed with a final result (no tie waiting for its decision), or its tie settled.
results_published = Signal()
