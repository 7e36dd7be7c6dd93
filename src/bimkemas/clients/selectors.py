"""Reads of a person's personal data, scoped by the actor.

The photo follows the name: whoever may see a client's name on a page may see the photo next to it.
- Bapas staff: a case of the person in their scope (`case_scope`), or an enrolment of the person in an
  activity of their own Bapas (the participant list and roll-call show the name) — in both, not a restricted
  case outside its named staff, and a child only for the case team.
- A partner's user: an enrolment of the person in one of the partner's activities — never a restricted case,
  and a child only while that activity has an identity grant in force.
Anyone else, or a person without a photo: 404, so that existence is not confirmed."""

from django.db.models import Q
from django.http import Http404

from bimkemas.cases.models import Case
from bimkemas.cases.selectors import case_in_team, case_restricted_for, case_scope
from bimkemas.clients.models import PersonPhoto
from bimkemas.org.models import User


def _is_bapas_staff(actor: User) -> bool:
    return bool(actor.bapas and (actor.is_supervisor or actor.is_bapas_lead))


def name_shown_to_staff(case: Case, actor: User) -> bool:
    """Bapas staff see the case's client by name (not masked)."""
    if case_restricted_for(case, actor):
        return False
    return not case.is_child or case_in_team(case, actor)


def photo_visible(*, actor: User, person_id: int) -> bool:
    if not (actor.is_authenticated and actor.is_active):
        return False
    if _is_bapas_staff(actor):
        from bimkemas.activities.models import Enrolment

        in_activities = Enrolment.objects.filter(activity__bapas_id=actor.unit_id).values("case_id")
        cases = Case.objects.filter(person_id=person_id).filter(
            Q(id__in=case_scope(actor).values("id")) | Q(id__in=in_activities)
        )
        return any(name_shown_to_staff(c, actor) for c in cases)
    if actor.is_partner:
        from bimkemas.activities.models import Enrolment
        from bimkemas.activities.selectors import identity_grant_current
        from bimkemas.partners.selectors import partner_for_member

        partner = partner_for_member(actor)
        if partner is None:
            return False
        enrolments = Enrolment.objects.filter(activity__partner_id=partner.id, case__person_id=person_id)
        for e in enrolments.select_related("case", "activity"):
            if e.case.restricted:
                continue
            if not e.case.is_child or identity_grant_current(e.activity) is not None:
                return True
    return False


def person_photo_get_for(*, actor: User, person_id: int) -> PersonPhoto:
    """The person's photo if the actor may see it; 404 otherwise (also when there is no photo)."""
    record = PersonPhoto.objects.select_related("person").filter(person_id=person_id).first()
    if record is None or not record.image or not photo_visible(actor=actor, person_id=person_id):
        raise Http404
    return record
