from django.shortcuts import render

from cercle.glossary.models import Term


def glossary(request):
    return render(request, "glossary/glossary.html", {"terms": Term.objects.all()})
