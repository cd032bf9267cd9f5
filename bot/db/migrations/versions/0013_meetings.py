"""Meetings booked from the chat: the lead, the rep, the slot (UTC), the prospect's zone and
email, booked/pending/cancelled, the CalDAV event's UID and the .ics download's token. A
partial unique index holds one active meeting per (rep, start) on SQLite and PostgreSQL.
`meeting_offers`: the slots offered in a conversation and what the bot waits for.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status != 'cancelled'")


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.String(64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("caldav_uid", sa.String(255), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_meetings_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("caldav_uid", name=op.f("uq_meetings_caldav_uid")),
        sa.UniqueConstraint("token", name=op.f("uq_meetings_token")),
        sqlite_autoincrement=True,
    )
    _offers()
    op.create_index(op.f("ix_meetings_lead_id"), "meetings", ["lead_id"], unique=False)
    op.create_index(
        "uq_meetings_active_slot",
        "meetings",
        ["rep_id", "starts_at"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )


def _offers() -> None:
    op.create_table(
        "meeting_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.String(64), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("awaiting", sa.String(16), nullable=False),
        sa.Column("chosen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("moving_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_meeting_offers_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["moving_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_offers_moving_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_offers")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_meeting_offers_conversation_id")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("meeting_offers")
    op.drop_index("uq_meetings_active_slot", table_name="meetings")
    op.drop_index(op.f("ix_meetings_lead_id"), table_name="meetings")
    op.drop_table("meetings")
