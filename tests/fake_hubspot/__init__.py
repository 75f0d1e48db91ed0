"""A faithful fake HubSpot for contract tests (docs/hubspot.md §8), served over real HTTP.

from fake_hubspot import FakeHubSpot, VirtualClock

clock = VirtualClock()
with FakeHubSpot(clock=clock, index_delay=2.0) as fake:
    resp = requests.post(
        f"{fake.base_url}/crm/v3/objects/contacts",
        json={"properties": {"email": "ann@example.com"}},
        headers={"Authorization": "Bearer test-token"},
    )
    fake.objects("contacts")  # what HubSpot now holds
"""

from .clock import RealClock, VirtualClock
from .fake import FakeHubSpot
from .settings import Settings
from .state import RequestRecord

__all__ = ["FakeHubSpot", "RealClock", "RequestRecord", "Settings", "VirtualClock"]
