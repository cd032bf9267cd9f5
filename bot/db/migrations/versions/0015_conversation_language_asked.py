"""A language the prospect asked for ("can we continue in French?") holds for the rest of
the conversation: `conversations.language_asked`.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite too): a batch copy of the table would lose its
    # AUTOINCREMENT (ids are never reused, migration 0007).
    op.add_column(
        "conversations",
        sa.Column("language_asked", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table(
        "conversations", table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_column("language_asked")
