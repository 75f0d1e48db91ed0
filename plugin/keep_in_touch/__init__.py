"""Keep in touch: after the first follow-up, a light and regular touch with each contact.

``cadence``: how often (monthly, quarterly, twice a year, none) and where a contact's comes from;
``due``: who is due now, most overdue first; ``checkins``: the check-in drafts and their approval
(sent by the same outbox as follow-ups); ``touches``: recording interactions, the user's own and
those the CRM logged; ``digest``: the weekly list, printed or mailed.
"""
