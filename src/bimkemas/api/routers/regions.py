"""Region look-up (Kemendagri codes): public reference data, but behind login like the rest of the API."""

from ninja import Field, Query, Router, Schema

from bimkemas.api.schemas import ErrorOut, RegionOut
from bimkemas.regions.selectors import region_search

router = Router(tags=["regions"])


class RegionFilters(Schema):
    q: str = Field("", max_length=100, description="Awal atau bagian nama wilayah (minimal 2 huruf)")
    level: int = Field(
        4, ge=1, le=4, description="1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 kelurahan/desa"
    )
    within: str = Field("", max_length=13, pattern=r"^[0-9.]*$", description="Awal kode wilayah, mis. 34.71")
    limit: int = Field(20, ge=1, le=50)


@router.get(
    "",
    response={200: list[RegionOut], 401: ErrorOut},
    operation_id="searchRegions",
    url_name="region_list",
    summary="Cari wilayah (provinsi s.d. kelurahan/desa)",
)
def region_list(request, filters: Query[RegionFilters]):
    return list(
        region_search(query=filters.q, level=filters.level, within=filters.within, limit=filters.limit)
    )
