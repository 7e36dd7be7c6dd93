"""The `bimkemas` console command: Django's manage.py under our name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimkemas.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "bimkemas"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
