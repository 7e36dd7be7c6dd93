"""The vocabulary of the authorization matrix (tests/test_authz_matrix.py), shared with the per-app row
files `tests/<app>/authz_rows.py`: each of those defines `ROWS` (URL name -> Rule) and may define
`KWARGS` (URL parameter -> function(world) returning a value; it may create objects, which are rolled
back after each test)."""

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "pk_andi",  # PK of Bapas A, supervising the case
    "pk_rina",  # APK of Bapas A, not on the case
    "pk_sari",  # PK of Bapas B
    "kasi_budi",
    "kasubsi_eko",
    "kepala_dewi",  # Bapas A leads
    "kasi_wati",  # Bapas B lead
    "kanwil_hadi",
    "ditjenpas_tono",
    "admin_yanto",
    "mitra_ani",  # a Pokmas partner's user (no Bapas)
)
OK = "allowed"
LOGIN = "login redirect"
UNAUTHORIZED = "401"
FORBIDDEN = "403"
NOT_FOUND = "404"
DENIED = "403 or 404"
POSTED = "allowed, or 400/422 for an invalid body"

LOGGED_IN = frozenset(ROLES) - {"anonymous"}
BAPAS_STAFF = frozenset(
    {"pk_andi", "pk_rina", "pk_sari", "kasi_budi", "kasubsi_eko", "kepala_dewi", "kasi_wati"}
)
LEADS = frozenset({"kasi_budi", "kasubsi_eko", "kepala_dewi", "kasi_wati"})
LEADS_A = frozenset({"kasi_budi", "kasubsi_eko", "kepala_dewi"})
OFFICES = frozenset({"kanwil_hadi", "ditjenpas_tono"})
OTHER_BAPAS = {"pk_sari": NOT_FOUND, "kasi_wati": NOT_FOUND}


@dataclass(frozen=True)
class Rule:
    """Who may open a URL. Personas not in `allow` get `deny.get(persona, otherwise)`."""

    allow: frozenset[str]
    deny: dict[str, str] = field(default_factory=dict)
    otherwise: str = FORBIDDEN
    api: bool = False  # anonymous gets 401 instead of the login redirect
    public: bool = False  # anonymous allowed too
    requires: tuple[str, ...] = ()  # URL names the page redirects to (skip until they exist)
    path: str | None = None  # fixed path to test (for the admin row)
    skip: str = ""  # not tested here, with the reason

    def expected(self, role: str) -> str:
        if role in self.allow or self.public:
            return OK
        if role == "anonymous":
            return UNAUTHORIZED if self.api else self.deny.get(role, LOGIN)
        return self.deny.get(role, self.otherwise)


# The case of the Bapas A client (client_rudi): his PK and the Bapas A leads; the APK of the same Bapas
# who is not on the case is refused (403); the other Bapas does not learn it exists (404).
CASE_TEAM = Rule(
    allow=frozenset({"pk_andi"}) | LEADS_A, deny={"pk_rina": FORBIDDEN, **OTHER_BAPAS}, otherwise=DENIED
)
BAPAS_STAFF_ONLY = Rule(allow=BAPAS_STAFF)
BAPAS_LEADS_ONLY = Rule(allow=LEADS)
PUBLIC = Rule(allow=LOGGED_IN, public=True)
