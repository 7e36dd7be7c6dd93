"""Background linkage: one list on demand (large imports), and every recent list each night."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from bimkemas.linkage.models import OutsideList
from bimkemas.linkage.services import link_outside_list, link_recent_lists


@db_task()
def link_outside_list_task(outside_list_id: int):
    outside_list = OutsideList.objects.filter(id=outside_list_id).first()
    if outside_list is None:
        return None
    return link_outside_list(outside_list=outside_list)


@db_periodic_task(crontab(minute="30", hour="1"))
def link_recent_lists_nightly():
    """Lists imported in the last 30 days against today's clients (new clients, new aliases)."""
    return link_recent_lists()
