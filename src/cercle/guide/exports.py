"""The guide as a spreadsheet (through cercle.core.spreadsheets) and as a printable PDF."""

import io
import re
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from cercle.onsite.badges import FONT_BOLD, FONT_REGULAR, register_fonts


def headers() -> list[str]:
    return [_("Deadline"), _("Task"), _("Who does it"), _("Estimated effort, in days"), _("Note")]


def rows(tasks) -> list[list]:
    return [
        [t.deadline_label, t.title, str(t.responsible_label), t.effort_days, t.note] for t in tasks
    ]


def checklist_headers() -> list[str]:
    return [
        _("Deadline"),
        _("Due date"),
        _("Task"),
        _("Who does it"),
        _("Planned (days)"),
        _("Spent (days)"),
        _("Done on"),
        _("Note"),
    ]


def checklist_rows(tasks) -> list[list]:
    return [
        [
            t.deadline_label,
            t.due.isoformat() if t.due else "",
            t.title,
            str(t.responsible_label),
            t.effort_days,
            t.effort_spent_days,
            timezone.localdate(t.done_at).isoformat() if t.done_at else "",
            t.note,
        ]
        for t in tasks
    ]


# Control characters a PDF paragraph cannot show (tab, line feed and carriage return stay).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _para(text: str) -> str:
    """Text as typed: markup escaped, control characters dropped, line breaks kept."""
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br/>")


def guide_pdf(tasks, total) -> bytes:
    register_fonts()
    styles = {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=18, leading=24),
        "task": ParagraphStyle("task", fontName=FONT_BOLD, fontSize=11, leading=15),
        "body": ParagraphStyle("body", fontName=FONT_REGULAR, fontSize=10, leading=14),
        "note": ParagraphStyle(
            "note", fontName=FONT_REGULAR, fontSize=10, leading=14, leftIndent=6 * mm
        ),
    }
    today = formats.date_format(timezone.localdate(), "j F Y")
    story = [
        Paragraph(escape(_("The organisers' guide")), styles["title"]),
        Paragraph(
            escape(
                _("%(count)s tasks, %(days)s days of work estimated. Printed on %(date)s.")
                % {"count": len(tasks), "days": formats.number_format(total.planned), "date": today}
            ),
            styles["body"],
        ),
        Spacer(1, 6 * mm),
    ]
    for task in tasks:
        heading = _("%(deadline)s — %(title)s") % {
            "deadline": task.deadline_label,
            "title": task.title,
        }
        detail = _("Who does it: %(who)s. Estimated effort: %(days)s days.") % {
            "who": task.responsible_label,
            "days": formats.number_format(task.effort_days),
        }
        story += [
            Paragraph(_para(heading), styles["task"]),
            Paragraph(escape(detail), styles["body"]),
        ]
        if task.note:
            story.append(Paragraph(_para(task.note), styles["note"]))
        story.append(Spacer(1, 3 * mm))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("The organisers' guide"),
    ).build(story)
    return buffer.getvalue()
