"""Interview notes record whether a single participant agreed to have what they said shown to managers (issue 21)

PLACEHOLDER: filled in by the interviews work.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
