"""E-mail: the outbox every message is recorded in, its templates in sv/fi/en, and delivery over SMTP (issue 22).

``kinds`` says which kinds exist, who gets them and whether a person may turn them off; ``outbox.queue_mail`` records
a message once per key; ``delivery`` sends what is due (through the job queue, or ``omtanke notify run``) and
retries; ``render`` writes a message in its recipient's language from its kind's templates. The rules deciding who
is reminded of what live in ``survey_app.notify``.
"""
