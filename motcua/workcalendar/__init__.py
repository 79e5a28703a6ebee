"""Working calendar: pure working-time arithmetic for Vietnamese legal deadlines (see ``clock``)."""
