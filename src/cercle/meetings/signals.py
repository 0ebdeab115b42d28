"""What happens to registrations, announced for apps above (webhooks) that meetings never
import. Sent inside the transaction that makes the change."""

from django.dispatch import Signal

# registration, updated: a registration was confirmed (updated=True when it was changed).
registration_confirmed = Signal()
