"""Nurturing (bot/nurture/): enrolments of leads in scenarios (the next step and when), the
steps sent, and the opt-outs (when, the prospect's words, the channel).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _lead(table: str) -> sa.Column[int]:
    return sa.Column(
        "lead_id",
        sa.Integer(),
        sa.ForeignKey("leads.id", ondelete="CASCADE", name=f"fk_{table}_lead_id_leads"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "nurture_enrolments",
        sa.Column("id", sa.Integer(), primary_key=True),
        _lead("nurture_enrolments"),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("trigger", sa.String(255), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stop_reason", sa.String(32), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_nurture_enrolments"),
        sa.UniqueConstraint("key", name="uq_nurture_enrolments_key"),
        sqlite_autoincrement=True,
    )
    for column in ("lead_id", "due_at", "status"):
        op.create_index(f"ix_nurture_enrolments_{column}", "nurture_enrolments", [column])
    op.create_table(
        "nurture_sends",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "enrolment_id",
            sa.Integer(),
            sa.ForeignKey(
                "nurture_enrolments.id",
                ondelete="CASCADE",
                name="fk_nurture_sends_enrolment_id_nurture_enrolments",
            ),
            nullable=False,
        ),
        _lead("nurture_sends"),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("stage_before", sa.String(32), nullable=False),
        sa.Column("sent_at", TS, nullable=False),
        sa.Column("until", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_nurture_sends"),
        sa.UniqueConstraint("enrolment_id", "step", name="uq_nurture_sends_enrolment_id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_nurture_sends_enrolment_id", "nurture_sends", ["enrolment_id"])
    op.create_index("ix_nurture_sends_lead_id", "nurture_sends", ["lead_id"])
    op.create_table(
        "nurture_opt_outs",
        sa.Column("id", sa.Integer(), primary_key=True),
        _lead("nurture_opt_outs"),
        sa.Column("at", TS, nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_nurture_opt_outs"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_nurture_opt_outs_lead_id", "nurture_opt_outs", ["lead_id"])


def downgrade() -> None:
    op.drop_table("nurture_opt_outs")
    op.drop_table("nurture_sends")
    op.drop_table("nurture_enrolments")
