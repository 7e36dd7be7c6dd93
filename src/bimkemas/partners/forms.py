"""Forms of the partner pages: they validate types; the services check the business rules."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.partners.models import AgreementKind, Field, Partner, PartnerKind
from bimkemas.partners.services import AgreementData, PartnerData, max_document_bytes
from bimkemas.regions.models import Region

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def area_choices(bapas) -> list:
    """Regencies of the Bapas working area with their districts, as <optgroup>s (the province's regencies
    when no working area is set)."""
    regencies = list(bapas.area.filter(level=Region.Level.REGENCY).order_by("code"))
    if not regencies:
        province = bapas.parent.province_id if bapas.parent_id and bapas.parent.province_id else None
        regencies = list(
            Region.objects.filter(level=Region.Level.REGENCY, parent_id=province).order_by("code")
        )
    districts: dict[str, list] = {}
    for d in Region.objects.filter(level=Region.Level.DISTRICT, parent__in=regencies).order_by("code"):
        districts.setdefault(d.parent_id, []).append((d.code, _("Kec. %(name)s") % {"name": d.name}))
    return [(r.name, [(r.code, _("Seluruh %(name)s") % {"name": r.name}), *districts.get(r.code, [])])
            for r in regencies]  # fmt: skip


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Nama mitra"), max_length=150,
                           help_text=_("mis. Yayasan Sekar Mlati, Pondok Pesantren Al-Hidayah"))  # fmt: skip
    kind = forms.ChoiceField(label=_("Jenis mitra"), choices=[("", "—"), *PartnerKind.choices])
    field_codes = forms.MultipleChoiceField(label=_("Bidang pembimbingan"), choices=Field.choices,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    contact_person = forms.CharField(label=_("Narahubung"), max_length=120, required=False)
    phone = forms.CharField(label=_("Telepon narahubung"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                            help_text=_("Contoh: 0812 3456 7890"))  # fmt: skip
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Alamat"), max_length=250, required=False)
    village = forms.CharField(label=_("Kelurahan/desa"), max_length=13, required=False,
                              widget=forms.Select(choices=[("", "—")]))  # fmt: skip
    area = forms.MultipleChoiceField(label=_("Wilayah layanan"), required=False,
                                     help_text=_("Kabupaten/kota atau kecamatan yang dilayani mitra."),
                                     widget=forms.SelectMultiple(attrs={"size": 8}))  # fmt: skip
    active = forms.BooleanField(label=_("Mitra aktif"), required=False, initial=True)

    def __init__(self, *args, bapas, **kwargs):
        super().__init__(*args, **kwargs)
        choices = area_choices(bapas)
        # Regions already chosen that lie outside the offered list stay selectable.
        offered = {code for _g, opts in choices for code, _l in opts}
        chosen = [c for c in (self.data.getlist("area") if self.is_bound else self.initial.get("area", []))]
        extra = [
            (r.code, r.name) for r in Region.objects.filter(code__in=[c for c in chosen if c not in offered])
        ]
        self.fields["area"].choices = choices + ([(_("Lainnya"), extra)] if extra else [])
        code = self.data.get("village") if self.is_bound else self.initial.get("village")
        if code:
            region = Region.objects.filter(code=code).first()
            label = f"{region.name} — {region.path}" if region else code
            self.fields["village"].widget.choices = [("", "—"), (code, label)]

    def to_data(self) -> PartnerData:
        d = self.cleaned_data
        return PartnerData(
            name=d["name"], kind=d["kind"], fields=list(d["field_codes"]), contact_person=d["contact_person"],
            phone=d["phone"], email=d["email"], address=d["address"], village_id=d["village"] or None,
            area_ids=list(d["area"]), active=d["active"],
        )  # fmt: skip

    @staticmethod
    def initial_for(partner: Partner) -> dict:
        return {
            "name": partner.name, "kind": partner.kind, "field_codes": partner.fields,
            "contact_person": partner.contact_person, "phone": partner.phone, "email": partner.email,
            "address": partner.address, "village": partner.village_id or "",
            "area": list(partner.area.values_list("code", flat=True)), "active": partner.active,
        }  # fmt: skip


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Nomor perjanjian"), max_length=100,
                             help_text=_("mis. W13.PAS.PAS2-PK.01.05-123"))  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Jenis perjanjian"), choices=AgreementKind.choices, widget=forms.RadioSelect
    )
    field_codes = forms.MultipleChoiceField(label=_("Bidang"), choices=Field.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("Kosongkan untuk memakai bidang mitra."))  # fmt: skip
    start = forms.DateField(label=_("Tanggal mulai"), widget=DATE_INPUT)
    end = forms.DateField(label=_("Tanggal berakhir"), widget=DATE_INPUT)
    document = forms.FileField(
        label=_("Dokumen bertanda tangan (PDF)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = max_document_bytes() // (1024 * 1024)
        self.fields["document"].help_text = _("Hasil pindaian dalam format PDF, paling besar %(mb)s MB.") % {
            "mb": limit
        }

    def to_data(self) -> AgreementData:
        d = self.cleaned_data
        return AgreementData(number=d["number"], kind=d["kind"], start=d["start"], end=d["end"],
                             fields=list(d["field_codes"]))  # fmt: skip


class PartnerUserForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}))  # fmt: skip
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Kata sandi awal"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Kosongkan agar sistem membuat kata sandi acak yang ditampilkan sekali."),
    )  # fmt: skip


class SitePlannerForm(forms.Form):
    k = forms.IntegerField(label=_("Jumlah lokasi"), min_value=1, max_value=20, initial=4)
    candidates = forms.ChoiceField(
        label=_("Calon lokasi"), initial="clients", widget=forms.RadioSelect,
        choices=[("clients", _("Kelurahan di wilayah kerja yang punya klien aktif")),
                 ("area", _("Semua kelurahan di wilayah kerja Bapas"))],
    )  # fmt: skip


def next_saturday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)


class MobileInviteForm(forms.Form):
    """The next rounds of bimbingan keliling at the proposed sites; one place field per site."""

    sites = forms.CharField(widget=forms.HiddenInput)
    k = forms.IntegerField(widget=forms.HiddenInput, required=False)
    candidates = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("Tanggal putaran pertama"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("Jam mulai"), initial="09:00",
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    end_time = forms.TimeField(label=_("Jam selesai"), initial="11:00",
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    field_code = forms.ChoiceField(label=_("Bidang"), choices=Field.choices, initial=Field.KONSELING)
    topic = forms.CharField(label=_("Topik"), max_length=200, initial="Bimbingan keliling")
    rounds = forms.IntegerField(label=_("Jumlah putaran"), min_value=1, max_value=26, initial=1,
                                help_text=_("Lebih dari 1: satu seri di setiap lokasi."))  # fmt: skip
    every_days = forms.IntegerField(label=_("Setiap (hari)"), min_value=1, max_value=60, initial=14,
                                    help_text=_("14 = setiap dua minggu, pada hari yang sama."))  # fmt: skip

    def __init__(self, *args, site_rows=(), **kwargs):
        """`site_rows`: the proposal's rows (region, clients) — one place field for each site with clients."""
        super().__init__(*args, **kwargs)
        from bimkemas.activities.services import default_place

        self.site_fields = []
        for row in site_rows:
            if not row.clients:
                continue
            name = f"place_{row.region.code}"
            self.fields[name] = forms.CharField(
                label=_("Tempat di %(name)s (%(n)s klien)") % {"name": row.region.name, "n": row.clients},
                max_length=250, required=False, initial=default_place(row.region),
            )  # fmt: skip
            self.site_fields.append(name)

    def clean(self):
        d = super().clean()
        if d.get("start_time") and d.get("end_time") and d["end_time"] <= d["start_time"]:
            self.add_error("end_time", _("Jam selesai harus setelah jam mulai."))
        return d

    def to_data(self):
        from bimkemas.activities.services import MobileRoundsData

        d = self.cleaned_data
        places = {k[len("place_") :]: v for k, v in self.data.items() if k.startswith("place_") and v.strip()}
        return MobileRoundsData(
            sites=[c for c in d["sites"].split(",") if c], date=d["date"], start_time=d["start_time"],
            end_time=d["end_time"], field_code=d["field_code"], topic=d["topic"], rounds=d["rounds"],
            every_days=d["every_days"], places=places,
        )  # fmt: skip
