"""A draft holds no code hash: a code draft is found on another device only by its phrase (issue 19, finding 5).

Unsent answers begun with a code are deleted: they were stored next to the code's hash, and the respondent's device
does not yet hold the signed cookie that now names the code. The respondent enters the code again and starts afresh.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 06:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM survey_drafts WHERE code_hash IS NOT NULL")
    with op.batch_alter_table('survey_drafts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_survey_drafts_code_hash'), type_='unique')
        batch_op.drop_column('code_hash')
        batch_op.add_column(sa.Column('by_code', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('resume_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_survey_drafts_resume_key'), ['resume_key'])
    with op.batch_alter_table('survey_access_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_salt', sa.String(length=32), nullable=True))


def downgrade():
    op.execute("DELETE FROM survey_drafts WHERE by_code")
    with op.batch_alter_table('survey_access_codes', schema=None) as batch_op:
        batch_op.drop_column('draft_salt')
    with op.batch_alter_table('survey_drafts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_survey_drafts_resume_key'), type_='unique')
        batch_op.drop_column('resume_key')
        batch_op.drop_column('by_code')
        batch_op.add_column(sa.Column('code_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_survey_drafts_code_hash'), ['code_hash'])
