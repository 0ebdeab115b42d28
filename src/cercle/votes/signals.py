"""What happens to vote campaigns, announced for apps above (webhooks) that votes never import.

Sent inside the transaction that makes the change.
"""

from django.dispatch import Signal

# campaign: closed with a final result (no tie waiting for its decision).
results_published = Signal()
