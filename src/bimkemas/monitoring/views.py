"""The wajib lapor report (page and Excel export) for Bapas leads, PKs, Kanwil and Ditjenpas."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bimkemas.monitoring.exports import workbook_bytes
from bimkemas.monitoring.forms import ReportFilterForm
from bimkemas.monitoring.selectors import report_scope, reporting_report
from bimkemas.monitoring.tables import build_chart, build_tables, period_label, scope_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request):
    """Scope (403 for roles without one), filters, figures and tables — shared by page and export."""
    actor = request.user
    scope = report_scope(actor=actor)
    today = timezone.localdate()
    form = ReportFilterForm(request.GET or None, scope=scope, today=today)
    f = form.filters()
    units = scope.narrow(kanwil_id=f["kanwil_id"], bapas_id=f["bapas_id"])
    report = reporting_report(scope=scope, units=units, year=f["year"], today=today, pk_month=f["month"])
    kanwil = next((k for k in scope.kanwils if k.id == f["kanwil_id"]), None)
    return {
        "form": form,
        "scope": scope,
        "report": report,
        "tables": build_tables(report, scope),
        "where": scope_label(scope, report, actor=actor, kanwil=kanwil),
        "period": period_label(report),
    }


@login_required
@require_GET
def reporting_report_view(request):
    ctx = _report(request)
    ctx["chart"] = build_chart(ctx["report"]) if ctx["report"].has_reports else None
    ctx["query"] = request.GET.urlencode()
    return render(request, "monitoring/reporting_report.html", ctx)


@login_required
@require_GET
def reporting_report_xlsx(request):
    ctx = _report(request)
    content = workbook_bytes(
        ctx["tables"], where=ctx["where"], period=ctx["period"], generated_at=timezone.localtime()
    )
    units = ctx["report"].units
    slug = re.sub(r"[^A-Za-z0-9_-]", "", units[0].code) if len(units) == 1 else "rekap"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="wajib-lapor-{slug}-{ctx["report"].year}.xlsx"'
    return response
