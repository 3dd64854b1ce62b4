"""A plan step's responsible person is an account or a named role (issue 20)

The free text ``plan_steps.responsible`` becomes ``responsible_note``, and two columns say who is responsible in a
way a reminder can reach: ``responsible_user_id`` (an account) or ``responsible_role`` (unit manager, HR,
occupational health, safety representative, work group). Existing text is mapped where it is unambiguous: an
account's exact name or e-mail address (case-insensitive, only when one account has it) becomes that account, a
usual name of a role in Swedish, Finnish or English ("Enhetschefen", "Skyddsombud", "työterveyshuolto") that role;
the note is then emptied. Anything else stays as the note, shown as before until someone chooses an account or role.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

ROLES = ('unit_manager', 'hr', 'occupational_health', 'safety_representative', 'work_group')
ROLE_WORDS = {
    'unit_manager': (
        'enhetschef', 'enhetschefen', 'chef', 'chefen', 'närmaste chef', 'förskolechef', 'förskolechefen', 'rektor',
        'rektorn', 'unit manager', 'the unit manager', 'manager', 'the manager', 'esihenkilö', 'yksikön esihenkilö',
        'esimies', 'lähiesihenkilö',
    ),
    'hr': (
        'hr', 'hr-avdelningen', 'personalavdelningen', 'hr-specialist', 'hr-specialisten', 'hr-konsult',
        'hr-konsulten', 'hr-partner', 'hr specialist', 'henkilöstöhallinto', 'hr-asiantuntija',
    ),
    'occupational_health': (
        'företagshälsovård', 'företagshälsovården', 'företagshälsan', 'fhv', 'occupational health',
        'työterveyshuolto', 'työterveys',
    ),
    'safety_representative': (
        'skyddsombud', 'skyddsombudet', 'safety representative', 'the safety representative',
        'työsuojeluvaltuutettu',
    ),
    'work_group': (
        'arbetsgrupp', 'arbetsgruppen', 'personalgruppen', 'alla', 'alla medarbetare', 'all staff', 'work group',
        'the work group', 'työryhmä', 'työyhteisö', 'koko työyhteisö', 'kaikki',
    ),
}
CHECK = "responsible_role IS NULL OR responsible_role IN (" + ", ".join(f"'{role}'" for role in ROLES) + ")"

steps = sa.table(
    'plan_steps',
    sa.column('id', sa.Integer),
    sa.column('responsible_note', sa.String),
    sa.column('responsible_user_id', sa.Integer),
    sa.column('responsible_role', sa.String),
)
users = sa.table('users', sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('email', sa.String))


def _key(text):
    return ' '.join((text or '').casefold().split()).strip(' .')


def upgrade():
    with op.batch_alter_table('plan_steps', schema=None) as batch_op:
        batch_op.alter_column(
            'responsible', new_column_name='responsible_note', existing_type=sa.String(length=200),
            existing_nullable=False,
        )
        batch_op.add_column(sa.Column('responsible_user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('responsible_role', sa.String(length=30), nullable=True))
        batch_op.create_index(batch_op.f('ix_plan_steps_responsible_user_id'), ['responsible_user_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_plan_steps_responsible_user_id_users'), 'users', ['responsible_user_id'], ['id'],
            ondelete='SET NULL',
        )
        batch_op.create_check_constraint(batch_op.f('ck_plan_steps_known_responsible_role'), CHECK)
    _map_old_text()


def _map_old_text():
    connection = op.get_bind()
    accounts = {}
    for user_id, name, email in connection.execute(sa.select(users.c.id, users.c.name, users.c.email)):
        for key in {_key(name), _key(email)} - {''}:
            accounts.setdefault(key, set()).add(user_id)
    roles = {word: role for role, words in ROLE_WORDS.items() for word in words}
    for step_id, note in connection.execute(sa.select(steps.c.id, steps.c.responsible_note)).all():
        key = _key(note)
        found = accounts.get(key, set())
        if len(found) == 1:
            values = {'responsible_user_id': next(iter(found)), 'responsible_note': ''}
        elif key in roles:
            values = {'responsible_role': roles[key], 'responsible_note': ''}
        else:
            continue
        connection.execute(steps.update().where(steps.c.id == step_id).values(**values))


def downgrade():
    connection = op.get_bind()
    named = (
        sa.select(users.c.name).where(users.c.id == steps.c.responsible_user_id).scalar_subquery()
    )
    connection.execute(
        steps.update().where(steps.c.responsible_note == '', steps.c.responsible_user_id.is_not(None))
        .values(responsible_note=sa.func.coalesce(named, ''))
    )
    connection.execute(
        steps.update().where(steps.c.responsible_note == '', steps.c.responsible_role.is_not(None))
        .values(responsible_note=steps.c.responsible_role)
    )
    with op.batch_alter_table('plan_steps', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_plan_steps_known_responsible_role'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_plan_steps_responsible_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_plan_steps_responsible_user_id'))
        batch_op.drop_column('responsible_role')
        batch_op.drop_column('responsible_user_id')
        batch_op.alter_column(
            'responsible_note', new_column_name='responsible', existing_type=sa.String(length=200),
            existing_nullable=False,
        )
