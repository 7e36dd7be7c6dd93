"""`bimkemas link LEFT.csv RIGHT.csv --out MATCHES.csv`: link two person files (see bimkemas.linkage.engine)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def _probability(value: str) -> float:
    import argparse

    try:
        p = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("%(value)r bukan angka") % {"value": value}) from None
    if not 0 < p < 1:
        raise argparse.ArgumentTypeError(
            _("ambang harus di antara 0 dan 1 (bukan %(value)s)") % {"value": value}
        )
    return p


class Command(BaseCommand):
    help = _(
        "Mencocokkan dua berkas orang (CSV: id,nik,name,birth_date,birth_place,sex,mother_name,address) "
        "dan menulis left_id,right_id,probability untuk setiap pasangan yang diduga orang yang sama."
    )

    def add_arguments(self, parser):
        from bimkemas.linkage.engine import DEFAULT_THRESHOLD, ENGINES

        parser.add_argument("left", type=Path, help=_("berkas orang pertama (CSV)"))
        parser.add_argument("right", type=Path, help=_("berkas orang kedua (CSV)"))
        parser.add_argument("--out", type=Path, required=True, help=_("berkas hasil (CSV)"))
        parser.add_argument(
            "--threshold",
            type=_probability,
            default=DEFAULT_THRESHOLD,
            help=_("probabilitas minimum sebuah pasangan (bawaan %(default)s)"),
        )
        parser.add_argument(
            "--train", action="store_true", help=_("latih ulang model (EM) pada kedua berkas ini")
        )
        parser.add_argument(
            "--engine", choices=ENGINES, default="duckdb", help=_("mesin SQL (bawaan duckdb)")
        )
        parser.add_argument(
            "--model", type=Path, default=None, help=_("berkas model (bawaan: model tersimpan)")
        )
        parser.add_argument(
            "--save-model", type=Path, default=None, help=_("simpan model hasil pelatihan ke sini")
        )

    def handle(self, *args, left, right, out, threshold, train, engine, model, save_model, **options):
        from bimkemas.linkage.engine import EngineUnavailable, LinkageInputError, ModelMismatch, link_files

        if save_model and not train:
            raise CommandError(_("--save-model hanya bersama --train."))
        if not out.parent.is_dir():
            raise CommandError(_("%(path)s: folder tujuan tidak ada") % {"path": out.parent})
        try:
            result = link_files(
                left,
                right,
                out,
                threshold=threshold,
                engine=engine,
                retrain=train,
                model_path=model,
                save_model=save_model,
            )
        except (LinkageInputError, EngineUnavailable, ModelMismatch) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 0:
            timings = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.timings.items())
            self.stdout.write(
                _("%(count)d pasangan ditulis ke %(path)s (%(timings)s).")
                % {"count": len(result.matches), "path": out, "timings": timings}
            )
