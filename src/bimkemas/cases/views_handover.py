"""Penerimaan massal: upload a handover list; parsing, validation and import live in `cases.handover`."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from bimkemas.cases.handover import COLUMNS, MAX_BYTES, handover_import, sample_csv

SAMPLE_FILENAME = "serah_terima_contoh.csv"


class HandoverUploadForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas serah terima (CSV/XLSX)"),
        error_messages={"required": _("Pilih berkas CSV atau XLSX."), "empty": _("Berkas kosong.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


def _require_lead(user) -> None:
    if not (user.is_bapas_lead and user.bapas is not None):
        raise PermissionDenied(_("Hanya Kasi, Kasubsi atau Kepala Bapas yang dapat mengimpor serah terima."))


@login_required
@require_http_methods(["GET", "POST"])
def handover_import_view(request):
    _require_lead(request.user)
    bound = request.method == "POST"
    form = HandoverUploadForm(request.POST if bound else None, request.FILES if bound else None)
    result = None
    if bound and form.is_valid():
        upload = form.cleaned_data["berkas"]
        # Read one byte past the limit so that an oversized file is refused without loading all of it.
        result = handover_import(actor=request.user, filename=upload.name, content=upload.read(MAX_BYTES + 1))
    context = {"form": form, "result": result, "columns": COLUMNS, "max_mb": MAX_BYTES // (1024 * 1024)}
    return render(request, "cases/handover/import.html", context)


@login_required
@require_GET
def handover_sample_view(request):
    _require_lead(request.user)
    response = HttpResponse(sample_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{SAMPLE_FILENAME}"'
    return response
