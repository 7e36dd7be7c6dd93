"""`bimkemas instruments load PATH…` and `bimkemas instruments list`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.assessments.definition import InstrumentFileError
from bimkemas.assessments.selectors import instruments_all
from bimkemas.assessments.services import instrument_load
from bimkemas.org.models import User


class Command(BaseCommand):
    help = "Load risk/needs instrument files (TOML) or list the loaded instruments."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="validate and load instrument files (all or nothing)")
        load.add_argument("paths", nargs="+", metavar="PATH")
        load.add_argument("--user", help="username recorded as the loader")
        load.add_argument("--no-activate", action="store_true",
                          help="load without making the new version the active one")  # fmt: skip
        sub.add_parser("list", help="list loaded instruments and versions")

    def handle(self, *args, action, **options):
        if action == "load":
            return self._load(options["paths"], options.get("user"), not options.get("no_activate"))
        return self._list()

    def _load(self, paths, username, activate):
        actor = None
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(_("Pengguna %(user)s tidak ditemukan.") % {"user": username})
        try:
            outcomes = instrument_load(paths=paths, actor=actor, activate=activate)
        except InstrumentFileError as exc:
            raise CommandError(
                exc.message + "\n" + _("Tidak ada yang dimuat; instrumen yang berlaku tidak berubah.")
            ) from exc
        for o in outcomes:
            i = o.instrument
            if o.created:
                self.stdout.write(_("dimuat: %(code)s versi %(version)s (%(items)d butir)%(active)s")
                                  % {"code": i.code, "version": i.version, "items": i.item_count,
                                     "active": _(", aktif") if i.active else ""})  # fmt: skip
            else:
                self.stdout.write(_("sudah ada, tidak berubah: %(code)s versi %(version)s")
                                  % {"code": i.code, "version": i.version})  # fmt: skip

    def _list(self):
        rows = list(instruments_all())
        if not rows:
            self.stdout.write(_("Belum ada instrumen yang dimuat."))
            return
        for i in rows:
            flags = [_("aktif") if i.active else _("tidak aktif")]
            if i.stand_in:
                flags.append(_("PENGGANTI SEMENTARA"))
            self.stdout.write(f"{i.code}\t{i.version}\t{i.kind}\t{i.item_count}\t{', '.join(flags)}\t"
                              f"{timezone.localtime(i.loaded_at):%Y-%m-%d %H:%M}\t{i.source}\t{i.checksum[:12]}")  # fmt: skip
