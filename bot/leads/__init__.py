"""Leads: who a prospect is and what we know about them.

- `identities`: a channel's id for a person resolved to our Identity and Lead.
- `facts`: the facts the conversation's actions store on a lead (the `LeadFacts` port).
- `events`: behavioural events (a page view, a webinar signup) stored on a lead.
- `page_rules` (+ the default `page_rules.yml`): which page views mean something.
- `scoring`: the pure scoring core (`scoring`) applied to stored leads; score history.
- `merge`: one person, one lead (two leads found to be the same person become one).
- `privacy`: export, erasure (the right to be forgotten) and retention of anonymous visitors.

The tables a lead owns are listed once, in `bot/db/lead_tables.py`.
"""
