"""What other apps may react to without this app importing them (the club news drafts one)."""

from django.dispatch import Signal

# Sent once when a campaign's result becomes final (closed, no tie pending). Kwargs: campaign.
results_published = Signal()
