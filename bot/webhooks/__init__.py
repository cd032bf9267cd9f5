"""Outbound webhooks: signed events about leads and handoffs for a CRM (docs/crm.md).

- `events`: the events, written to the outbox in the transaction of the change.
- `signing`: the Stripe-style signature header, and its check (for receivers and tests).
- `sender`: the outbox sender that POSTs them (retries, Retry-After, dead letters).
- `dead`: the dead letters, listed and sent again.
"""
