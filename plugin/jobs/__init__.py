"""The team edition's work queue: Procrastinate jobs in the team store's PostgreSQL database.

A job is only a trigger: the card's state (and the outbox's claims and checkpoints) stay the
truth, so a job that runs twice, or is taken up again after its worker died, finds the work done
or half-done and finishes it, never repeats it.
"""
