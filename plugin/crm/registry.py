"""Which CRM adapter the settings ask for (``crm = "local" | "hubspot"``).

A new CRM is a module implementing ``CrmAdapter`` and one entry in ``ADAPTERS``.
"""

from __future__ import annotations

from collections.abc import Callable

from ocr.errors import CardfollowError, ExitCode

from .. import secrets
from ..config import Config
from ..store import Store
from .adapter import CrmAdapter
from .local import LocalCrm


class CrmConfigError(CardfollowError):
    exit_code = ExitCode.usage


def _local(config: Config, store: Store) -> CrmAdapter:
    return LocalCrm()


def _hubspot(config: Config, store: Store) -> CrmAdapter:
    from .hubspot.adapter import HubSpotCrm, HubSpotSettings
    from .hubspot.auth import AuthProvider, OAuthTokens, StaticToken
    from .hubspot.client import HubSpotClient
    from .hubspot.paths import HubSpotPaths

    base_url = config["hubspot.base_url"].rstrip("/")
    auth: AuthProvider
    token = config["hubspot.token"] or secrets.lookup("hubspot-token")
    refresh = config["hubspot.refresh_token"] or secrets.lookup("hubspot-refresh-token")
    client_id = config["hubspot.client_id"]
    if token:
        auth = StaticToken(token)
    elif refresh and client_id:
        secret = config["hubspot.client_secret"] or secrets.lookup("hubspot-client-secret")
        if not secret:
            raise CrmConfigError(
                "HubSpot OAuth needs the app's client secret: set CARDFOLLOW_HUBSPOT_CLIENT_SECRET "
                "or keep it in the keyring as 'hubspot-client-secret'"
            )
        auth = OAuthTokens(
            base_url + HubSpotPaths(config["hubspot.api_version"]).oauth_token(),
            client_id,
            secret,
            refresh,
            on_rotate=lambda _access, new_refresh, _expires: secrets.store(
                "hubspot-refresh-token", new_refresh
            ),
            timeout=config["hubspot.timeout"],
        )
    else:
        raise CrmConfigError(
            "crm is hubspot but no credentials are set: set CARDFOLLOW_HUBSPOT_TOKEN (a service "
            "key or private-app token), keep it in the keyring (`keyring set cardfollow "
            "hubspot-token`), or set the OAuth client id and refresh token"
        )
    client = HubSpotClient(
        base_url, config["hubspot.api_version"], auth=auth, timeout=config["hubspot.timeout"]
    )
    return HubSpotCrm(
        client,
        store.remote_ids,
        HubSpotSettings(
            folder=config["hubspot.folder"],
            owner_id=config["hubspot.owner_id"],
            send_mode=config["hubspot.send_mode"],
        ),
    )


ADAPTERS: dict[str, Callable[[Config, Store], CrmAdapter]] = {
    "local": _local,
    "hubspot": _hubspot,
}


def adapter_for(config: Config, store: Store) -> CrmAdapter:
    try:
        return ADAPTERS[config["crm"]](config, store)
    except ValueError as exc:  # a setting the adapter cannot use (e.g. hubspot.api_version)
        raise CrmConfigError(f"crm {config['crm']}: {exc}") from None
