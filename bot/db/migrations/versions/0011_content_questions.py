"""Content questions: each question the assistant looked up in the library, answered or
not, for the console's analytics (most asked, what to write next). The question is the
prospect's words: exported and erased with the lead.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(32), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("normalised", sa.String(255), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("document_id", sa.String(255), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_content_questions_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_content_questions_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_questions")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_content_questions_lead_id"), "content_questions", ["lead_id"], unique=False
    )
    op.create_index(
        op.f("ix_content_questions_asked_at"), "content_questions", ["asked_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_content_questions_asked_at"), table_name="content_questions")
    op.drop_index(op.f("ix_content_questions_lead_id"), table_name="content_questions")
    op.drop_table("content_questions")
