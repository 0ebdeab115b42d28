"""Demo guide: the tasks Villejuif listed (about 22 days of work), the 12th meeting's
retrospective from the vendor's two lists, and both demo meetings' checklists."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Min
from django.utils import timezone

from cercle.guide import services
from cercle.guide.enums import Column
from cercle.guide.enums import Responsible as Who
from cercle.guide.models import Action, ChecklistTask, GuideTask, RetroItem
from cercle.meetings.models import Meeting

STAFF = "anais.morel@editeur.demo.test"
HOST_REFERENT = "referent0.ville-de-villejuif@demo.test"
WHY = "Guide initial, d'après le bilan de Villejuif : 22 jours de travail préparatoire."

# (offset, who, days, title, note, key)
TASKS = [
    (-120, Who.CLUB, "0.5", "Choisir la collectivité hôte et fixer les dates", "", "host-choice"),
    (
        -120,
        Who.HOST,
        "2",
        "Réserver les lieux : plénière, salles d'ateliers, espace de pause",
        "Le cadre compte : Villejuif a été remarqué pour son kiosque et sa plénière.",
        "",
    ),
    (
        -110,
        Who.VENDOR,
        "1",
        "Eocamp de printemps : qui fait quoi (logistique, programme, interventions)",
        "",
        "",
    ),
    (
        -90,
        Who.HOST,
        "0.5",
        "Passation avec la collectivité hôte précédente",
        "Un temps d'échange entre l'ancienne et la nouvelle collectivité hôte.",
        "handover",
    ),
    (
        -90,
        Who.VENDOR,
        "0.5",
        "Annoncer les grands axes et le nombre de développements mutualisés retenus",
        "Par exemple : « on en retiendra une dizaine ».",
        "",
    ),
    (
        -75,
        Who.HOST,
        "2",
        "Organiser la restauration : collations, déjeuners, soirée de la veille",
        "La soirée de la veille : format tapas, mange-debout et canapés, pas un dîner de gala.",
        "",
    ),
    (
        -60,
        Who.CLUB,
        "1",
        "Publier le programme avec les objectifs et prérequis de chaque atelier",
        "Préciser le profil attendu : technique, fonctionnel ou métier.",
        "",
    ),
    (
        -60,
        Who.HOST,
        "1.5",
        "Ouvrir les inscriptions : ateliers, sur place ou à distance, droit à l'image",
        "",
        "",
    ),
    (-30, Who.HOST, "2", "Signalétique, accueil et plan d'accès", "", ""),
    (
        -21,
        Who.HOST,
        "2.5",
        "Préparer les salles : son, vidéo, réseau",
        "La qualité du son est indispensable.",
        "",
    ),
    (-14, Who.HOST, "1.5", "Préparer les badges", "", ""),
    (-7, Who.CLUB, "0.5", "Relancer les inscrits et confirmer les intervenants", "", ""),
    (-1, Who.HOST, "2", "Installation de la veille", "", ""),
    (0, Who.HOST, "2", "Accueil et émargement le jour même", "", ""),
    (7, Who.VENDOR, "0.5", "Publier les enregistrements, chapitres et supports", "", ""),
    (14, Who.CLUB, "0.5", "Envoyer l'évaluation et tenir la rétrospective", "", ""),
    (
        30,
        Who.HOST,
        "0.5",
        "Bilan de la collectivité hôte et liste de ses tâches pour la suivante",
        "",
        "",
    ),
]
# Added to the guide from the retrospective's action on video capture (see below).
CAPTURE_TASK = (
    -45,
    Who.VENDOR,
    "1",
    "Tester la chaîne de captation avec notre matériel",
    "Assurée par une équipe différente de celle qui organise le programme et la logistique, "
    "et confiée à une seule entité.",
    "",
)

GOOD = [
    "la qualité du son",
    "des changements de plans vidéo",
    "la table ronde en intro",
    "deux parcours : un technique, un fonctionnel, ou un expert, un débutant",
]
IMPROVE = [
    "la qualité de la vidéo",
    "faire en sorte que la chaîne de captation soit assurée par une équipe différente de celle "
    "qui organise le programme et la logistique du club. Un test avec notre matériel est "
    "nécessaire",
    "confier le système à une seule entité et pas de solution mixte (client et nous)",
    "Il y a eu une incompréhension chez certains sur l'objet de l'atelier « mutualiser le "
    "service public »",
    "Il faudrait afficher les objets détaillés des ateliers sur l'écran un moment avant de les "
    "démarrer",
    "préparation roadmap : vision stratégique, grands axes à déterminer bien avant le club ; "
    "annoncer à l'avance le nombre de développements mutualisés retenus",
    "la table ronde : réduire à 2 intervenants pour creuser plus le sujet ; l'appeler « Regards "
    "croisés »",
    "ateliers : afficher plus en amont le contenu des ateliers et les prérequis ; un atelier "
    "« Introduction à … » pour les nouveaux",
    "formats : la soirée de la veille en format tapas mange-debout ; distinguer « nouveaux "
    "utilisateurs » et « experts » plutôt que fonctionnels et techniciens",
]


def _task(staff, spec, action=None):
    offset, who, days, title, note, key = spec
    task = GuideTask.objects.filter(title=title).first()
    if task is None:
        fields = {
            "title": title,
            "responsible": who,
            "offset_days": offset,
            "effort_days": Decimal(days),
            "note": note,
            "key": key,
        }
        why = action.description if action else WHY
        task = services.save_guide_task(task=None, by=staff, why=why, action=action, **fields).task
    return task


def _board(meeting, staff, referent):
    if RetroItem.objects.filter(meeting=meeting).exists():
        return RetroItem.objects.filter(meeting=meeting, column=Column.IMPROVE).order_by("pk")[1]
    for text in GOOD:
        services.add_retro_item(meeting, Column.GOOD, text, by=staff)
    items = [services.add_retro_item(meeting, Column.IMPROVE, text, by=staff) for text in IMPROVE]
    services.add_retro_item(
        meeting,
        Column.GOOD,
        "La qualité du son a été très appréciée. C'est un indispensable pour les prochains clubs.",
        by=referent,
    )
    return items[1]


def load(*, stdout):
    people = get_user_model().objects.filter(email__in=[STAFF, HOST_REFERENT])
    by_email = {person.email: person for person in people}
    held = Meeting.objects.filter(edition=12).first()
    upcoming = Meeting.objects.filter(edition=13).first()
    staff, referent = by_email.get(STAFF), by_email.get(HOST_REFERENT)
    if staff is None or referent is None or held is None or upcoming is None:
        stdout.write("  guide: skipped (demo people or meetings missing)")
        return []
    for spec in TASKS:
        _task(staff, spec)
    # The 12th meeting was prepared with the guide as it stood before its retrospective.
    services.ensure_checklist(held)
    item = _board(held, staff, referent)
    action, _ = Action.objects.get_or_create(
        item=item,
        defaults={
            "description": "Tester la captation avec notre matériel, par une équipe dédiée",
            "owner": staff,
            "applies_to": upcoming,
            "created_by": staff,
        },
    )
    _task(staff, CAPTURE_TASK, action=action)
    services.ensure_checklist(upcoming)
    _progress(held, upcoming, staff, referent)
    stdout.write(
        f"  guide: {GuideTask.objects.count()} tasks, "
        f"{RetroItem.objects.filter(meeting=held).count()} retrospective items"
    )
    return [(HOST_REFERENT, "référent of the 12th meeting's host: retrospective, checklist")]


def _progress(held, upcoming, staff, referent):
    """The 12th meeting: everything done but the host's final report (overdue); the 13th:
    what is already due is done, except the task closest to today."""
    if ChecklistTask.objects.filter(meeting=held, done_at__isnull=False).exists():
        return
    now = timezone.now()
    for task in ChecklistTask.objects.filter(meeting=held):
        if task.offset_days == 30 and task.responsible == Who.HOST:
            continue
        task.done_at = now
        task.done_by = referent if task.responsible == Who.HOST else staff
        task.effort_spent_days = task.effort_days
        task.save(update_fields=["done_at", "done_by", "effort_spent_days"])
    first = upcoming.days.aggregate(first=Min("date"))["first"]
    today = timezone.localdate()
    tasks = list(ChecklistTask.objects.filter(meeting=upcoming).order_by("offset_days", "pk"))
    due = [t for t in tasks if first + timedelta(days=t.offset_days) < today]
    for task in due[:-1] if due else tasks[:2]:
        task.done_at = now
        task.done_by = referent if task.responsible == Who.HOST else staff
        task.effort_spent_days = task.effort_days + Decimal("0.5")
        task.save(update_fields=["done_at", "done_by", "effort_spent_days"])
