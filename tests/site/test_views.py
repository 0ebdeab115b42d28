def test_home_shows_open_vote_next_meeting_and_latest_requests(client, db):
    from tests.meetings.factories import two_day_meeting
    from tests.requests.factories import filed
    from tests.votes.factories import eligible, open_campaign

    campaign = open_campaign(requests=[eligible()], title="Vote de printemps 2027")
    meeting, _days = two_day_meeting(title="Rencontre de juin 2099")
    improvement = filed(title="Rappel SMS des rendez-vous")
    html = client.get("/").content.decode()
    assert campaign.title in html
    assert meeting.title in html
    assert improvement.title in html


def test_home_query_count_constant(client, db):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from tests.requests.factories import TermFactory, filed

    def count():
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            client.get("/")
        return len(context)

    filed()
    small = count()
    for _ in range(6):
        filed().modules.add(TermFactory())
    assert count() == small
