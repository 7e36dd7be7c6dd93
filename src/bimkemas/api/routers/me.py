"""Who is asking: the signed-in user's identity, unit and roles."""

from ninja import Router

from bimkemas.api.schemas import ErrorOut, MeOut

router = Router(tags=["me"])


@router.get(
    "", response={200: MeOut, 401: ErrorOut}, operation_id="getMe", url_name="me", summary="Pengguna saat ini"
)
def me(request):
    user = request.auth
    unit = user.unit
    return {
        "username": user.username,
        "name": user.display_name,
        "unit": {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind} if unit else None,
        "roles": user.roles,
        "role_labels": user.role_labels,
    }
