"""The SDR-ready threshold applied from calibration (and undone): who, when, from and to.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "threshold_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("from_value", sa.Float(), nullable=False),
        sa.Column("to_value", sa.Float(), nullable=False),
        sa.Column("previous", sa.Float(), nullable=True),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("undoes_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.String(320), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["undoes_id"],
            ["threshold_changes.id"],
            name=op.f("fk_threshold_changes_undoes_id_threshold_changes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threshold_changes")),
        sa.UniqueConstraint("undoes_id", name=op.f("uq_threshold_changes_undoes_id")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("threshold_changes")
