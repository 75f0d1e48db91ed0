"""Image to contact: read a photographed business card into a structured contact.

This package imports nothing from ``plugin``; the CRM side builds on it, never the other way round.
"""
