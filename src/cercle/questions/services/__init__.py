"""The rules of live questions. Every function checks who acts first (DomainError)."""

from cercle.questions.services.asking import ask, declare, support
from cercle.questions.services.moderation import answer, hide, merge, set_policy, take

__all__ = ["answer", "ask", "declare", "hide", "merge", "set_policy", "support", "take"]
