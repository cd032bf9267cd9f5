"""Database: SQLAlchemy 2 models, async sessions, Alembic migrations."""

# Every table is registered with `Base.metadata` whichever module is imported first.
from bot.db import meeting_models, models, nurture_models  # noqa: F401
