"""The HubSpot sidebar's backend: a contact record's follow-up, approved or skipped from the CRM.

``signature``: HubSpot's v3 request signature, the only way in; ``followup``: what the card shows
and does, on the store; ``routes``: the endpoints ``cardfollow serve`` adds under ``/hubspot/``.
"""
