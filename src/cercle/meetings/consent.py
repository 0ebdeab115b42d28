"""The image-rights clause, versioned: a registration stores the version its answer was given to.

Publish a new wording under a new version; answers given to older versions stay as they were.
"""

from django.utils.translation import gettext_lazy as _

CLAUSES = {
    "2026-1": _(
        "The club meetings are filmed and photographed, and the recordings are published on "
        "the club's website. Do you agree that your image and voice may appear in these "
        "recordings and photographs? You may change your answer at any time before the "
        "meeting from your registration page."
    ),
}
CURRENT_VERSION = "2026-1"


def current_text() -> str:
    return str(CLAUSES[CURRENT_VERSION])
