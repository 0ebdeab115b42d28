"""What the hosting app tells the rest of the platform (the checklist listens to these).

- ``host_chosen(sender=HostingCall, call, meeting, organisation)``: staff chose the host of a
  future edition; ``meeting`` is the edition's meeting, now hosted by ``organisation``.
- ``handover_completed(sender=Handover, meeting, by)``: the handover session between the
  previous and the new host of ``meeting`` was held; ``by`` marked it.

Both are sent inside the transaction of the change, so a receiver's failure undoes it.
"""

from django.dispatch import Signal

host_chosen = Signal()
handover_completed = Signal()
