import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cercle.core.errors import DomainError
from cercle.votes.counting import Method
from cercle.votes.recount import MAX_FILE_BYTES, format_result_text, recount, result_to_json


class Command(BaseCommand):
    help = (
        "Recount a vote from its ballots export (CSV: ballot,request,value) and print the "
        f"ranking. Limits: {MAX_FILE_BYTES // (1024 * 1024)} MB per file; see "
        "cercle.votes.recount for the others."
    )

    def add_arguments(self, parser):
        parser.add_argument("ballots", type=Path, help="The ballots export (CSV).")
        parser.add_argument("--method", required=True, choices=[m.value for m in Method])
        parser.add_argument("--seats", required=True, type=int, help="Requests to retain.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print one JSON object."
        )

    def handle(self, *args, ballots, method, seats, as_json=False, **options):
        if seats < 0:
            raise CommandError("--seats must be 0 or more")
        try:
            if ballots.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(
                    f"{ballots}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, "
                    "the limit of a ballots export"
                )
            with ballots.open(encoding="utf-8-sig", newline="") as stream:
                result = recount(stream, method=method, seats=seats)
        except OSError as error:
            raise CommandError(f"{ballots}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{ballots}: not UTF-8 text") from None
        except DomainError as error:
            raise CommandError(f"{ballots}: {error.message}") from None
        if as_json:
            data = result_to_json(result, method=method, seats=seats)
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write(format_result_text(result), ending="")
