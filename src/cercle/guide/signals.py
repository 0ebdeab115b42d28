"""Signals other apps listen to (a news feed announces changes to the organisers' guide)."""

from django.dispatch import Signal

# Sent after a task of the guide template was added, changed, withdrawn or restored, with
# `task` (GuideTask) and `change` (GuideChange, its why, by whom, from which action).
guide_updated = Signal()
