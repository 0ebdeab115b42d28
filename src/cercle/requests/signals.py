"""What happens to requests, announced for apps above (webhooks) that requests never import.

Sent inside the transaction that makes the change, so a receiver's rows commit or roll back
with it.
"""

from django.dispatch import Signal

# improvement: the request just submitted by its author.
request_filed = Signal()
# improvement, from_status, to_status, reason: every entry of the request's status history.
status_changed = Signal()
# improvement: endorsed by enough organisations to become eligible for a vote.
endorsement_threshold_reached = Signal()
