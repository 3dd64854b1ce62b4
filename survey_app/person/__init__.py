"""The person track (issue 23): sick reports in, a manager's tasks out, and the employee register that says whom to
call. Who may see what: the employee's own manager (the unit of their latest spell is in the manager's scope) and HR;
every read of a person's track is audit-logged."""
