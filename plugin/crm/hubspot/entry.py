"""HubSpot's place in the CRM registry: its settings (``[hubspot]``) and its factory.

The factory imports the client lazily, so reading the settings costs no HTTP stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import secrets
from ...options import Option, const
from ..adapter import CrmConfigError, CrmEntry

if TYPE_CHECKING:
    from ...config import Config
    from ...store import Store
    from ..adapter import CrmAdapter

# fmt: off
OPTIONS: tuple[Option, ...] = (
    Option("hubspot", "base_url", "CARDFOLLOW_HUBSPOT_BASE_URL", const("https://api.hubapi.com"),
           help="HubSpot's API address"),
    Option("hubspot", "api_version", "CARDFOLLOW_HUBSPOT_API_VERSION", const("v3"),
           help="API path version: v3, or a dated one such as 2026-09"),
    Option("hubspot", "token", "CARDFOLLOW_HUBSPOT_TOKEN", const(None), secret=True,
           help="service key or private-app token (else the OS keyring)"),
    Option("hubspot", "client_id", "CARDFOLLOW_HUBSPOT_CLIENT_ID", const(None),
           help="OAuth app's client id (public apps)"),
    Option("hubspot", "client_secret", "CARDFOLLOW_HUBSPOT_CLIENT_SECRET", const(None),
           secret=True, help="OAuth app's client secret (else the OS keyring)"),
    Option("hubspot", "refresh_token", "CARDFOLLOW_HUBSPOT_REFRESH_TOKEN", const(None),
           secret=True, help="OAuth refresh token (else the OS keyring)"),
    Option("hubspot", "send_mode", "CARDFOLLOW_HUBSPOT_SEND_MODE", const("smtp"),
           "choice:smtp,hubspot",
           help="smtp: cardfollow mails and logs the email; hubspot: a task holds the draft"),
    Option("hubspot", "folder", "CARDFOLLOW_HUBSPOT_FOLDER", const("/cardfollow/cards"),
           help="File Manager folder for card photos (uploaded private)"),
    Option("hubspot", "owner_id", "CARDFOLLOW_HUBSPOT_OWNER_ID", const(None),
           help="HubSpot owner id for notes, emails and tasks"),
    Option("hubspot", "timeout", "CARDFOLLOW_HUBSPOT_TIMEOUT", const(30.0), "float",
           help="seconds per HubSpot request"),
    Option("hubspot", "portal_id", "CARDFOLLOW_HUBSPOT_PORTAL_ID", const(None),
           help="your HubSpot account id: the sidebar answers only that account's requests"),
)
# fmt: on


@dataclass(frozen=True)
class HubSpotOptions:
    """The ``[hubspot]`` settings in force (secrets as set; the keyring is asked only when used)."""

    base_url: str
    api_version: str
    token: str | None
    client_id: str | None
    client_secret: str | None
    refresh_token: str | None
    send_mode: str
    folder: str
    owner_id: str | None
    timeout: float
    portal_id: str | None

    def secret(self, key: str) -> str | None:
        """``token``, ``client_secret`` or ``refresh_token``: the setting, else the OS keyring."""
        return getattr(self, key) or secrets.lookup("hubspot-" + key.replace("_", "-"))


def options(config: Config) -> HubSpotOptions:
    return HubSpotOptions(**config.section("hubspot"))


def make_adapter(config: Config, store: Store) -> CrmAdapter:
    from .adapter import HubSpotCrm, HubSpotSettings
    from .auth import AuthProvider, OAuthTokens, StaticToken
    from .client import HubSpotClient
    from .paths import HubSpotPaths

    hubspot = options(config)
    base_url = hubspot.base_url.rstrip("/")
    auth: AuthProvider
    token = hubspot.secret("token")
    refresh = hubspot.secret("refresh_token")
    if token:
        auth = StaticToken(token)
    elif refresh and hubspot.client_id:
        secret = hubspot.secret("client_secret")
        if not secret:
            raise CrmConfigError(
                "HubSpot OAuth needs the app's client secret: set CARDFOLLOW_HUBSPOT_CLIENT_SECRET "
                "or keep it in the keyring as 'hubspot-client-secret'"
            )
        auth = OAuthTokens(
            base_url + HubSpotPaths(hubspot.api_version).oauth_token(),
            hubspot.client_id,
            secret,
            refresh,
            on_rotate=lambda _access, new_refresh, _expires: secrets.store(
                "hubspot-refresh-token", new_refresh
            ),
            timeout=hubspot.timeout,
        )
    else:
        raise CrmConfigError(
            "crm is hubspot but no credentials are set: set CARDFOLLOW_HUBSPOT_TOKEN (a service "
            "key or private-app token), keep it in the keyring (`keyring set cardfollow "
            "hubspot-token`), or set the OAuth client id and refresh token"
        )
    client = HubSpotClient(base_url, hubspot.api_version, auth=auth, timeout=hubspot.timeout)
    return HubSpotCrm(
        client,
        store.remote_ids,
        HubSpotSettings(
            folder=hubspot.folder, owner_id=hubspot.owner_id, send_mode=hubspot.send_mode
        ),
    )


HUBSPOT = CrmEntry("hubspot", "HubSpot", OPTIONS, make_adapter)
