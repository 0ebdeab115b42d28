from cercle.audit.models import AuditEntry


def record(*, actor, action: str, target, details: dict | None = None) -> AuditEntry:
    """Append an entry to the audit log (never updated, never deleted)."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        details=details or {},
    )


def entries_for(target):
    return AuditEntry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
