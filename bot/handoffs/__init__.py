"""Handoffs: handing a lead to a sales rep and what the rep does with it (claim, verdict,
hand back, reminders and escalations), in `service`.

Every change writes the Slack calls it causes to the outbox (`bot.outbox`) in the same
transaction; the Slack channel (`channels.slack`) sends them.
"""
