"""`bimkemas seed --clients N`: synthetic national-scale data for benchmarks (see bimkemas.core.seed)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Generate a synthetic national-scale dataset (Bapas, PKs, clients, cases) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=1000, help="Number of clients to add.")
        parser.add_argument("--bapas", type=int, default=None, help="Number of Bapas (default ~100).")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=7, help="Random seed (deterministic output).")
        parser.add_argument(
            "--ended-share", type=float, default=0.08, help="Share of ended cases (history), 0–1."
        )

    def handle(self, *args, clients: int, bapas: int | None, batch_size: int, seed: int, ended_share: float,
               **options):  # fmt: skip
        from bimkemas.core.seed import seed_national

        if clients < 1:
            raise CommandError(_("--clients harus lebih dari 0."))
        if not 0 <= ended_share <= 1:
            raise CommandError(_("--ended-share harus antara 0 dan 1."))
        verbose = options["verbosity"] > 1
        result = seed_national(
            clients=clients,
            bapas=bapas,
            batch_size=batch_size,
            seed=seed,
            ended_share=ended_share,
            log=(lambda msg: self.stdout.write(msg)) if verbose else (lambda msg: None),
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(clients)d klien dibuat di %(bapas)d Bapas (%(kanwil)d Kanwil, %(supervisors)d PK/APK) "
                    "dalam %(seconds)s detik."
                )
                % result
            )
        )
