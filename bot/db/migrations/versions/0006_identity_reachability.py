"""Identities: unreachable (the person blocked the bot) and opted out of proactive messages.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("identities") as batch:
        batch.add_column(sa.Column("unreachable_at", TS, nullable=True))
        batch.add_column(sa.Column("opted_out_at", TS, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("identities") as batch:
        batch.drop_column("opted_out_at")
        batch.drop_column("unreachable_at")
