"""Your profile comes first: no follow-up is approved, and the sidebar sends nothing, until the
profile has the two things every mail needs, a name to sign with and an address to send from."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from ocr.errors import CardfollowError, ExitCode

from ..models import Sender

# What a sent follow-up cannot do without, with the environment variable that also sets it.
REQUIRED = (("name", "CARDFOLLOW_PROFILE_NAME"), ("email", "CARDFOLLOW_PROFILE_EMAIL"))


class ProfileIncomplete(CardfollowError):
    """Approving needs a profile name and email."""

    exit_code = ExitCode.usage


def missing(sender: Sender) -> list[str]:
    """The profile fields a follow-up needs that are not set (or, for the email, not valid)."""
    gaps = [] if (sender.name or "").strip() else ["name"]
    if not valid_email(sender.email):
        gaps.append("email")
    return gaps


def why_incomplete(sender: Sender) -> str | None:
    """What to set and how, when the profile lacks a name or email; None when it is complete."""
    gaps = missing(sender)
    if not gaps:
        return None
    what = " and ".join(f"your {g}" for g in gaps)
    keys = ", ".join(f"[profile] {g}" for g in gaps)
    env = ", ".join(var for field, var in REQUIRED if field in gaps)
    invalid = " (the one set is not a valid address)" if "email" in gaps and sender.email else ""
    return (
        f"your profile needs {what}{invalid} before a follow-up can go: run `cardfollow init`, "
        f"or set {keys} in config.toml, or {env} in the environment"
    )


def require_complete(sender: Sender) -> None:
    reason = why_incomplete(sender)
    if reason:
        raise ProfileIncomplete(reason)


def valid_email(value: str | None) -> bool:
    if not value or not value.strip():
        return False
    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
