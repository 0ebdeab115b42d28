"""What happens to meetings, announced for the apps that react (club news, webhooks) and that
meetings never imports. Sent inside the transaction that makes the change."""

from django.dispatch import Signal

# meeting: it left its draft state, its programme is public.
programme_published = Signal()

# registration, updated: a registration was confirmed (updated=True when it was changed).
registration_confirmed = Signal()
