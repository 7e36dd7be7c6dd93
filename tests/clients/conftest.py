# The partner (sekar, with its user pokmas1) and the caseload (three adults and a child of pk_andi) of the
# activities tests, for the photo's access rules.
from tests.activities.conftest import caseload, sekar  # noqa: F401
