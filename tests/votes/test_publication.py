"""The site's published result equals the recount of its own ballots export."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from cercle.votes.counting import CastBallot, Method, count
from cercle.votes.recount import recount
from cercle.votes.tally import ExportLine, ballots_export_csv, published_result


@st.composite
def campaigns(draw):
    method = draw(st.sampled_from(list(Method)))
    n = draw(st.integers(min_value=1, max_value=7))
    candidates = [f"D-2026-{i:04d}" for i in range(1, n + 1)]
    ballots = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        chosen = draw(st.lists(st.sampled_from(candidates), min_size=1, unique=True))
        if method is Method.APPROVAL:
            choices = frozenset(chosen)
        elif method is Method.POINTS:
            choices = {ref: draw(st.integers(min_value=1, max_value=5)) for ref in chosen}
        else:
            choices = {ref: draw(st.integers(min_value=1, max_value=4)) for ref in chosen}
        ballots.append(
            CastBallot(weight=draw(st.integers(min_value=1, max_value=3)), choices=choices)
        )
    seats = draw(st.integers(min_value=0, max_value=n))
    return method, candidates, ballots, seats


def export(ballots, *, method):
    lines = [
        ExportLine(
            receipt=f"R{index:05d}",
            request=ref,
            value=1 if method is Method.APPROVAL else value,
            weight=ballot.weight,
        )
        for index, ballot in enumerate(ballots)
        for ref, value in (
            dict.fromkeys(ballot.choices, 1) if method is Method.APPROVAL else ballot.choices
        ).items()
    ]
    weighted = any(ballot.weight != 1 for ballot in ballots)
    content = ballots_export_csv(lines, with_organisation=False, with_weight=weighted)
    return io.StringIO(content.decode("utf-8-sig"), newline="")


@settings(max_examples=300, deadline=None)
@given(campaigns())
def test_recount_of_export_equals_published_result(campaign):
    method, candidates, ballots, seats = campaign
    published = published_result(method=method, ballots=ballots, candidates=candidates, seats=seats)
    recounted = recount(export(ballots, method=method), method=method, seats=seats)
    supported = len(recounted.ranking)
    assert recounted.ranking == published.ranking[:supported]
    assert recounted.retained == published.retained
    assert (recounted.tied, recounted.tied_seats) == (published.tied, published.tied_seats)
    assert [item.score for item in published.ranking[supported:]] == [0] * (
        len(candidates) - supported
    )


@settings(max_examples=300, deadline=None)
@given(campaigns())
def test_publishing_over_supported_requests_keeps_the_full_counts_order(campaign):
    method, candidates, ballots, seats = campaign
    published = published_result(method=method, ballots=ballots, candidates=candidates, seats=seats)
    full = count(method=method, ballots=ballots, candidates=candidates, seats=seats)
    supported = {ref for ballot in ballots for ref in ballot.choices}
    assert [i.request for i in published.ranking if i.request in supported] == [
        i.request for i in full.ranking if i.request in supported
    ]
    assert published.retained == [ref for ref in full.retained if ref in supported]
    assert published.tied == [ref for ref in full.tied if ref in supported]
