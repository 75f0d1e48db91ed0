"""You, as cardfollow writes and sends for you: whether the profile is complete enough to send
(``complete``), and ``cardfollow init``'s setting up of profile, mail server and CRM
(``first_run``, writing ``config.toml`` through ``config_file``)."""

from __future__ import annotations

from .complete import ProfileIncomplete, missing, require_complete, valid_email, why_incomplete

__all__ = ["ProfileIncomplete", "missing", "require_complete", "valid_email", "why_incomplete"]
