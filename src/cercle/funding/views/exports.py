"""The funding table for finance departments, in CSV, ODS or XLSX."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.core.permissions import staff_required
from cercle.core.spreadsheets import MIMETYPES, export
from cercle.funding import exports


@staff_required
def funding_export(request, fmt):
    if fmt not in MIMETYPES:
        raise Http404
    content = export(fmt, exports.headers(), exports.funding_table(), title=_("Funding table"))
    response = HttpResponse(content, content_type=MIMETYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="financement-{stamp}.{fmt}"'
    return response
