"""Who is reminded of what, and when (issue 22): the rules behind ``omtanke notify run``.

Each rule module decides, for a day, which people are due which message and records it through
``survey_app.mail.outbox.queue_mail`` under a key that makes a second run record nothing: ``follow_ups`` (plan steps
whose follow-up is near, due or missed), ``rounds`` (managers: a round opens, halfway, two days before it closes,
results ready) and ``digest`` (HR's weekly digest). ``run`` runs them all and then sends what is due.
"""
