"""A round is a draft until HR opens it, can be closed early, and carries a title per language (issue 20)

Every existing round was live from the day it was saved: it becomes published on the day it opened, so that nothing
changes for it. Its title becomes its title in each of its languages.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('titles', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('published_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_early', sa.Boolean(), server_default=sa.false(), nullable=False))
    rounds = sa.table(
        'survey_rounds',
        sa.column('id', sa.Integer()),
        sa.column('title', sa.String()),
        sa.column('languages', sa.JSON()),
        sa.column('titles', sa.JSON()),
        sa.column('opens_on', sa.Date()),
        sa.column('published_on', sa.Date()),
    )
    connection = op.get_bind()
    for round_id, title, languages in connection.execute(sa.select(rounds.c.id, rounds.c.title, rounds.c.languages)):
        connection.execute(
            rounds.update()
            .where(rounds.c.id == round_id)
            .values(titles={language: title for language in languages or []})
        )
    connection.execute(rounds.update().values(published_on=rounds.c.opens_on))
    with op.batch_alter_table('survey_rounds', schema=None) as batch_op:
        batch_op.alter_column('titles', existing_type=sa.JSON(), nullable=False)


def downgrade():
    op.execute("DELETE FROM survey_rounds WHERE published_on IS NULL")
    with op.batch_alter_table('survey_rounds', schema=None) as batch_op:
        batch_op.drop_column('closed_early')
        batch_op.drop_column('published_on')
        batch_op.drop_column('titles')
