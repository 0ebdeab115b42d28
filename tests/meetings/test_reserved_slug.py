import pytest

from cercle.meetings.forms import MeetingForm


@pytest.mark.parametrize("slug", ["archives", "nouvelle", "agenda"])
def test_meeting_slug_cannot_shadow_site_paths(db, slug):
    form = MeetingForm({"slug": slug})
    form.is_valid()
    assert form.errors["slug"][0].startswith(f"« {slug} »")
