"""What other apps may react to without this app importing them (the club news drafts one)."""

from django.dispatch import Signal

# Sent once when a meeting leaves its draft state: its programme is public. Kwargs: meeting.
programme_published = Signal()
