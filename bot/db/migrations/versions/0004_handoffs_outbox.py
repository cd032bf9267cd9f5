"""Handoffs to sales reps, the outbox of outgoing calls, processed deliveries.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("slack_channel", sa.String(length=64), nullable=True),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_by_name", sa.String(length=255), nullable=True),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("verdict", sa.String(length=8), nullable=True),
        sa.Column("verdict_by", sa.String(length=64), nullable=True),
        sa.Column("verdict_at", TS, nullable=True),
        sa.Column("returned_at", TS, nullable=True),
        sa.Column("reminded_at", TS, nullable=True),
        sa.Column("escalated_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"],
                                name=op.f("fk_handoffs_lead_id_leads"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"],
                                name=op.f("fk_handoffs_conversation_id_conversations"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
    )
    op.create_index(op.f("ix_handoffs_lead_id"), "handoffs", ["lead_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=255), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("locked_until", TS, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"],
                                name=op.f("fk_outbox_lead_id_leads"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
    )
    op.create_index(op.f("ix_outbox_lead_id"), "outbox", ["lead_id"])
    op.create_index(op.f("ix_outbox_status"), "outbox", ["status"])
    op.create_table(
        "processed_deliveries",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_processed_deliveries")),
    )


def downgrade() -> None:
    op.drop_table("processed_deliveries")
    op.drop_index(op.f("ix_outbox_status"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_lead_id"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_index(op.f("ix_handoffs_lead_id"), table_name="handoffs")
    op.drop_table("handoffs")
