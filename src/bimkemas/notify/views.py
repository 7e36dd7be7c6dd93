from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bimkemas.core.access import bapas_staff_required
from bimkemas.notify import selectors
from bimkemas.notify.forms import MessageFilterForm
from bimkemas.notify.models import MessageStatus

PAGE_SIZE = 25


@require_GET
@bapas_staff_required
def message_log(request):
    """Pemberitahuan: the messages sent to the actor's clients (PK) or by their Bapas (leads)."""
    actor = request.user
    form = MessageFilterForm(request.GET)
    filters = form.filters()
    messages = selectors.message_list(actor=actor, **filters)
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.message_status_counts(
        actor=actor, channel=filters["channel"], date_from=filters["date_from"], date_to=filters["date_to"]
    )
    context = {
        "form": form,
        "page": page,
        "rows": selectors.message_rows(actor=actor, messages=page.object_list),
        "summary": [(value, label, counts.get(value, 0)) for value, label in MessageStatus.choices],
        "filtered": any(filters.values()),
        "bapas_timezone": actor.bapas.timezone or "Asia/Jakarta",
    }
    template = "notify/_message_table.html" if request.htmx else "notify/message_log.html"
    return render(request, template, context)
