"""Covering indexes for the console's analytics: a period's leads (by creation date) with the
columns the funnel, the score distribution and the mix count, and each lead's channels,
read from the indexes alone rather than from the rows (and the leads' profiles).

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# models.LEAD_ANALYTICS
COLUMNS = ["created_at", "merged_into_id", "stage", "score_total", "language", "email"]


def upgrade() -> None:
    op.create_index("ix_leads_analytics", "leads", COLUMNS, unique=False)
    op.create_index("ix_identities_lead_channel", "identities", ["lead_id", "channel"])


def downgrade() -> None:
    op.drop_index("ix_identities_lead_channel", table_name="identities")
    op.drop_index("ix_leads_analytics", table_name="leads")
