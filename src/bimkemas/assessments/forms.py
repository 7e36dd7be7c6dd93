"""Forms validate input types; the services check the rules (complete answers, draft only, …)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bimkemas.assessments.models import Instrument
from bimkemas.assessments.scoring import localized
from bimkemas.assessments.services import NOTES_MAX
from bimkemas.cases.phases import PHASES

ITEM_PREFIX = "item_"


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Instrument) -> str:
        return f"{obj.display_name} · {obj.get_kind_display()} · {_('versi')} {obj.version}"


class StartForm(forms.Form):
    instrument = InstrumentChoiceField(
        label=_("Instrumen"),
        queryset=Instrument.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Pilih instrumen yang akan dipakai."),
                        "invalid_choice": _("Instrumen yang dipilih tidak tersedia lagi.")},
    )  # fmt: skip
    phase = forms.ChoiceField(label=_("Tahap bimbingan"), choices=PHASES,
                              error_messages={"required": _("Pilih tahap bimbingan.")})  # fmt: skip

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments


class AnswersForm(forms.Form):
    """One optional radio field per item (a draft may be partial), the notes, and the finalise confirmation."""

    notes = forms.CharField(label=_("Catatan asesor"), required=False, max_length=NOTES_MAX,
                            widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    confirm = forms.BooleanField(
        label=_("Saya sudah memeriksa semua jawaban. Asesmen final tidak dapat diubah lagi."), required=False
    )

    def __init__(self, definition: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        for section in definition["sections"]:
            for item in section["items"]:
                self.fields[ITEM_PREFIX + item["code"]] = forms.ChoiceField(
                    label=localized(item, "text"),
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[(o["value"], localized(o, "label")) for o in item["options"]],
                    error_messages={"invalid_choice": _("Pilihan jawaban ini tidak dikenal.")},
                )

    @staticmethod
    def initial_for(answers: dict, notes: str) -> dict:
        return {"notes": notes, **{ITEM_PREFIX + code: value for code, value in answers.items()}}

    def answers(self) -> dict:
        return {
            name[len(ITEM_PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(ITEM_PREFIX) and value
        }
