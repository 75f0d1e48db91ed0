"""cardfollow's CRM side: command line, store, drafting, adapters, review page."""
