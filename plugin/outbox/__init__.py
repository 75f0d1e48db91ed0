"""The outbox's work: pushing to the CRM, sending mail, what a send item mails and when."""
