"""Each workplace's answer link has a short code to type at a short address (issue 20)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 09:00:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# As in survey_app/models/surveys.py when this was written: a migration keeps the values it was written with.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 14


def upgrade():
    with op.batch_alter_table('survey_round_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_code', sa.String(length=16), nullable=True))
    # Workplaces of earlier rounds get a code too, so that their posters show one.
    units = sa.table('survey_round_units', sa.column('id', sa.Integer), sa.column('short_code', sa.String))
    connection = op.get_bind()
    ids = connection.execute(sa.select(units.c.id)).scalars().all()
    made = set()
    for unit_id in ids:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        while code in made:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        made.add(code)
        connection.execute(units.update().where(units.c.id == unit_id).values(short_code=code))
    with op.batch_alter_table('survey_round_units', schema=None) as batch_op:
        batch_op.create_unique_constraint(op.f('uq_survey_round_units_short_code'), ['short_code'])


def downgrade():
    with op.batch_alter_table('survey_round_units', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_survey_round_units_short_code'), type_='unique')
        batch_op.drop_column('short_code')
