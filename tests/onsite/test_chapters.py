import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cercle.core.text import normalise
from cercle.onsite.chapters import (
    PROVIDERS,
    AgendaLine,
    Match,
    UnparsedLine,
    UnparsedReason,
    deep_link,
    format_timecode,
    match_sessions,
    parse_agenda,
    parse_timecode,
    to_webvtt,
)

# No example database: it would write a .hypothesis directory into the shared tree.
PROPERTY = settings(max_examples=300, deadline=None, database=None)

CLUB_AGENDA = """\
  • Ouverture (début à 1min22)
  • Les futures améliorations attendues (début à 10min35)
  • Retour d'expérience sur les entretiens professionnels de Villejuif \
(début à 2h18min07, le lien du support est ci dessous)
    • Gestion des compétences autour de Publik par la collectivité (début à 3h51min10)
  • Table ronde : Jusqu'où faut-il concevoir les réalisations "sur mesure" avec Publik ? \
(début à 5min 55)
Ouverture - 00:01:22
Roadmap 1:19:15
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1h47min43", 6463),
        ("5min 55", 355),
        ("1min22", 82),
        ("3h06min30", 11190),
        ("10min35", 635),
        ("2h18min07", 8287),
        ("4h", 14400),
        ("12min", 720),
        ("1h05", 3900),
        ("01:47:43", 6463),
        ("47:43", 2863),
        ("95s", 95),
        ("75min", 4500),
        ("1h47min43s", 6463),
        ("1 h 47 min 43 s", 6463),
        ("1h47m43s", 6463),
        ("1h47mn43", 6463),
        ("  1H47MIN43\t", 6463),
        ("1\u202fh\u00a047", 6420),
        ("1h30s", 3630),
        ("0min00", 0),
    ],
)
def test_parse_timecode_accepted_form(text, expected):
    # Act
    seconds = parse_timecode(text)

    # Assert
    assert seconds == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "1h75min",
        "12:75",
        "1:75:00",
        "-5s",
        "1h47x",
        "::",
        "95",
        "1 2",
        "1s5",
        "1h05 30",
        "5min5min",
        "30s 2min",
        "1:5",
        "1.5h",
        "1h 075",
        "1234567h",
        "9" * 5000 + "s",
    ],
)
def test_parse_timecode_malformed_raises_naming_text(text):
    # Act
    with pytest.raises(ValueError) as raised:
        parse_timecode(text)

    # Assert
    assert repr(text) in str(raised.value)


def test_parse_timecode_minutes_over_59_after_hours_explains():
    # Act
    with pytest.raises(ValueError) as raised:
        parse_timecode("1h75min")

    # Assert
    assert str(raised.value) == "not a timecode: '1h75min' (minutes must be below 60)"


@pytest.mark.parametrize(
    ("seconds", "style", "expected"),
    [
        (6463, "french", "1h47min43"),
        (11190, "french", "3h06min30"),
        (635, "french", "10min35"),
        (82, "french", "1min22"),
        (5, "french", "0min05"),
        (3600, "french", "1h00min00"),
        (6463, "clock", "01:47:43"),
        (2863, "clock", "47:43"),
        (0, "clock", "00:00"),
        (360000, "clock", "100:00:00"),
    ],
)
def test_format_timecode_style(seconds, style, expected):
    # Act
    text = format_timecode(seconds, style=style)

    # Assert
    assert text == expected


def test_format_timecode_default_style_french():
    # Act
    text = format_timecode(6463)

    # Assert
    assert text == "1h47min43"


@pytest.mark.parametrize(("seconds", "style"), [(-1, "french"), (10, "iso")])
def test_format_timecode_invalid_input_raises(seconds, style):
    # Act / Assert
    with pytest.raises(ValueError):
        format_timecode(seconds, style=style)


@PROPERTY
@given(
    seconds=st.integers(min_value=0, max_value=360_000),
    style=st.sampled_from(["french", "clock"]),
)
def test_format_timecode_round_trip_any_seconds(seconds, style):
    # Act
    parsed = parse_timecode(format_timecode(seconds, style=style))

    # Assert
    assert parsed == seconds


def test_parse_agenda_club_page_lines():
    # Act
    result = parse_agenda(CLUB_AGENDA)

    # Assert
    assert result.lines == [
        AgendaLine(line_number=1, title="Ouverture", seconds=82),
        AgendaLine(line_number=2, title="Les futures améliorations attendues", seconds=635),
        AgendaLine(
            line_number=3,
            title="Retour d'expérience sur les entretiens professionnels de Villejuif",
            seconds=8287,
        ),
        AgendaLine(
            line_number=4,
            title="Gestion des compétences autour de Publik par la collectivité",
            seconds=13870,
        ),
        AgendaLine(
            line_number=5,
            title=(
                "Table ronde : Jusqu'où faut-il concevoir les réalisations "
                '"sur mesure" avec Publik ?'
            ),
            seconds=355,
        ),
        AgendaLine(line_number=6, title="Ouverture", seconds=82),
        AgendaLine(line_number=7, title="Roadmap", seconds=4755),
    ]
    assert result.unparsed == []


@pytest.mark.parametrize(
    ("line", "title", "seconds"),
    [
        ("Accueil (12min)", "Accueil", 720),
        ("Accueil (à partir de 12min).", "Accueil", 720),
        ("Accueil – 1h05", "Accueil", 3900),
        ("Accueil — 47:43", "Accueil", 2863),
        ("Accueil : 95s", "Accueil", 95),
        ("Point 3: 1h05", "Point 3", 3900),
        ("1. Accueil - 2min", "Accueil", 120),
        ("2) Accueil 2min", "Accueil", 120),
        ("* Pause 15min - 1h05", "Pause 15min", 3900),
        ("- Retour (Villejuif) (début à 4h)", "Retour (Villejuif)", 14400),
        ("Bilan 2024 (début : 1 h 47 min 43 s, voir support)", "Bilan 2024", 6463),
    ],
)
def test_parse_agenda_supported_line_form(line, title, seconds):
    # Act
    result = parse_agenda(line)

    # Assert
    assert result.lines == [AgendaLine(line_number=1, title=title, seconds=seconds)]


def test_parse_agenda_lines_not_understood_reported_with_reason():
    # Arrange
    text = "\n".join(
        [
            "Ordre du jour",
            "",
            "  • Déjeuner  ",
            "Atelier 2",
            "Salle (Villejuif)",
            "Pause (début à 1h75min)",
            "Clôture - 12:75",
            "• 1min22",
            "Ouverture (début à 1min22)",
        ]
    )

    # Act
    result = parse_agenda(text)

    # Assert
    assert result.unparsed == [
        UnparsedLine(line_number=1, text="Ordre du jour", reason=UnparsedReason.NO_TIMECODE),
        UnparsedLine(line_number=3, text="• Déjeuner", reason=UnparsedReason.NO_TIMECODE),
        UnparsedLine(line_number=4, text="Atelier 2", reason=UnparsedReason.NO_TIMECODE),
        UnparsedLine(line_number=5, text="Salle (Villejuif)", reason=UnparsedReason.NO_TIMECODE),
        UnparsedLine(
            line_number=6, text="Pause (début à 1h75min)", reason=UnparsedReason.INVALID_TIMECODE
        ),
        UnparsedLine(line_number=7, text="Clôture - 12:75", reason=UnparsedReason.INVALID_TIMECODE),
        UnparsedLine(line_number=8, text="• 1min22", reason=UnparsedReason.MISSING_TITLE),
    ]
    assert result.lines == [AgendaLine(line_number=9, title="Ouverture", seconds=82)]


def test_parse_agenda_blank_text_empty():
    # Act
    result = parse_agenda("\n   \n\t\n")

    # Assert
    assert (result.lines, result.unparsed) == ([], [])


def test_unparsed_reason_plain_string_codes():
    # Act
    codes = [reason.value for reason in UnparsedReason]

    # Assert
    assert codes == ["no_timecode", "invalid_timecode", "missing_title"]


def test_titles_are_compared_with_the_core_normaliser():
    # Act
    normalised = normalise("  Retour d’EXPÉRIENCE :   l'œuvre «sur-mesure» !  ")

    # Assert
    assert normalised == "retour d experience l oeuvre sur mesure"


def test_match_sessions_accents_case_punctuation_and_unmatched_line():
    # Arrange
    lines = [
        AgendaLine(line_number=1, title="Ouverture", seconds=82),
        AgendaLine(line_number=2, title="Les futures améliorations attendues", seconds=635),
        AgendaLine(
            line_number=3,
            title="Retour d'expérience sur les entretiens professionnels de Villejuif",
            seconds=8287,
        ),
        AgendaLine(line_number=4, title="Questions diverses", seconds=9000),
    ]
    sessions = [
        ("opening", "OUVERTURE !"),
        ("feedback", "Retour d’expérience : entretiens professionnels (Villejuif)"),
        ("future", "Les  futures ameliorations attendues"),
        ("roadmap", "Feuille de route"),
    ]

    # Act
    matches = match_sessions(lines, sessions=sessions)

    # Assert
    assert matches == [
        Match(line=lines[0], session_key="opening"),
        Match(line=lines[1], session_key="future"),
        Match(line=lines[2], session_key="feedback"),
        Match(line=lines[3], session_key=None),
    ]


def test_match_sessions_each_session_once_best_score_wins():
    # Arrange
    lines = [
        AgendaLine(line_number=1, title="Gestion des compétences", seconds=60),
        AgendaLine(line_number=2, title="Gestion des compétences par la collectivité", seconds=120),
    ]
    sessions = [(7, "Gestion des compétences autour de Publik par la collectivité")]

    # Act
    matches = match_sessions(lines, sessions=sessions)

    # Assert
    assert matches == [Match(line=lines[0], session_key=None), Match(line=lines[1], session_key=7)]


def test_match_sessions_exact_match_before_fuzzy():
    # Arrange
    lines = [
        AgendaLine(line_number=1, title="Table ronde Publik", seconds=60),
        AgendaLine(line_number=2, title="Table ronde", seconds=120),
    ]
    sessions = [("round-table", "Table ronde")]

    # Act
    matches = match_sessions(lines, sessions=sessions)

    # Assert
    assert matches == [
        Match(line=lines[0], session_key=None),
        Match(line=lines[1], session_key="round-table"),
    ]


def test_match_sessions_overlap_below_threshold_unmatched():
    # Arrange
    lines = [AgendaLine(line_number=1, title="Table ronde sur Publik", seconds=60)]
    sessions = [("round-table", "Table ronde : urbanisme et voirie")]

    # Act
    matches = match_sessions(lines, sessions=sessions)

    # Assert
    assert matches == [Match(line=lines[0], session_key=None)]


@pytest.mark.parametrize(
    ("provider", "url", "expected"),
    [
        (
            "bbb",
            "https://visio.example.org/playback/presentation/2.3/abc123-1700000000000",
            "https://visio.example.org/playback/presentation/2.3/abc123-1700000000000?t=1h47m43s",
        ),
        (
            "bbb",
            "https://visio.example.org/playback/presentation/2.3/abc?l=media&t=5s",
            "https://visio.example.org/playback/presentation/2.3/abc?l=media&t=1h47m43s",
        ),
        (
            "peertube",
            "https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
            "https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv?start=1h47m43s",
        ),
        (
            "peertube",
            "https://tube.example.org/videos/watch/123?playlistPosition=2#comments",
            "https://tube.example.org/videos/watch/123?playlistPosition=2&start=1h47m43s#comments",
        ),
        ("youtube", "https://youtu.be/dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ?t=6463"),
        (
            "youtube",
            "https://youtu.be/dQw4w9WgXcQ?si=a%20b+c",
            "https://youtu.be/dQw4w9WgXcQ?si=a%20b+c&t=6463",
        ),
        (
            "youtube",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10&list=PL1",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1&t=6463",
        ),
        (
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0&start=6463",
        ),
        (
            "video",
            "https://media.example.org/reunion.mp4?token=x",
            "https://media.example.org/reunion.mp4?token=x#t=6463",
        ),
        (
            "video",
            "https://media.example.org/reunion.webm#t=10",
            "https://media.example.org/reunion.webm#t=6463",
        ),
    ],
)
def test_deep_link_provider(provider, url, expected):
    # Act
    link = deep_link(provider=provider, url=url, seconds=6463)

    # Assert
    assert link == expected


@pytest.mark.parametrize(("seconds", "expected"), [(0, "0s"), (95, "1m35s"), (3605, "1h0m5s")])
def test_deep_link_bbb_time_always_in_accepted_form(seconds, expected):
    # Act
    link = deep_link(provider="bbb", url="https://v.example.org/p", seconds=seconds)

    # Assert
    assert link == f"https://v.example.org/p?t={expected}"


def test_deep_link_unknown_provider_none():
    # Act
    link = deep_link(provider="vimeo", url="https://vimeo.com/1", seconds=60)

    # Assert
    assert link is None


def test_deep_link_negative_seconds_raises():
    # Act / Assert
    with pytest.raises(ValueError):
        deep_link(provider="video", url="https://media.example.org/v.mp4", seconds=-1)


def test_providers_codes_and_labels():
    # Act
    providers = dict(PROVIDERS)

    # Assert
    assert providers == {
        "bbb": "BigBlueButton playback",
        "peertube": "PeerTube",
        "youtube": "YouTube",
        "video": "Direct video file",
    }


def test_to_webvtt_sorted_cues_end_at_next_start_and_unknown_duration():
    # Arrange
    chapters = [(635, "Les futures améliorations"), (0, "Accueil"), (82, "Ouverture")]

    # Act
    vtt = to_webvtt(chapters)

    # Assert
    assert vtt == (
        "WEBVTT\n"
        "\n"
        "00:00:00.000 --> 00:01:22.000\n"
        "Accueil\n"
        "\n"
        "00:01:22.000 --> 00:10:35.000\n"
        "Ouverture\n"
        "\n"
        "00:10:35.000 --> 01:10:35.000\n"
        "Les futures améliorations\n"
    )


def test_to_webvtt_known_duration_and_sanitised_titles():
    # Arrange
    chapters = [(0, "Avant --> après"), (6463, "Questions\net  <réponses> & fin")]

    # Act
    vtt = to_webvtt(chapters, duration=7200)

    # Assert
    assert vtt == (
        "WEBVTT\n"
        "\n"
        "00:00:00.000 --> 01:47:43.000\n"
        "Avant --&gt; après\n"
        "\n"
        "01:47:43.000 --> 02:00:00.000\n"
        "Questions et &lt;réponses&gt; &amp; fin\n"
    )


def test_to_webvtt_no_chapters_header_only():
    # Act
    vtt = to_webvtt([])

    # Assert
    assert vtt == "WEBVTT\n"


@pytest.mark.parametrize(
    ("chapters", "duration"),
    [
        ([(0, "A"), (0, "B")], None),
        ([(-5, "A")], None),
        ([(0, "A"), (600, "B")], 600),
    ],
)
def test_to_webvtt_inconsistent_chapters_raise(chapters, duration):
    # Act / Assert
    with pytest.raises(ValueError):
        to_webvtt(chapters, duration=duration)
