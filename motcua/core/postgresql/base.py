"""PostgreSQL backend: Django's own, with a connection health check that sends nothing.

Connections are persistent (``CONN_MAX_AGE=None``) and checked at the first query of every
request (``CONN_HEALTH_CHECKS``), so that a connection the server has ended — restarted,
``pg_terminate_backend``, ``idle_session_timeout`` — is replaced instead of failing the request.
Django checks by sending ``SELECT 1``: a round trip to the server on every request, which on the
public status lookup cost as much as the lookup's own statement (docs/benchmarks.md).

An idle connection has nothing to read: the server speaks only when asked, except when it ends
the session (it sends an error, then closes the socket) or for an asynchronous message (a
notification, a notice, a changed parameter). So the check looks, without waiting, whether the
socket has anything to read. Nothing: the connection is as alive as the operating system knows
— a ``SELECT 1`` would learn no more, it would only hang where the network silently died. Something:
Django's ``SELECT 1`` decides, as before. This is how the Go driver pgx checks its pooled
connections (``CheckConn``: a read with no wait).
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


def has_data_waiting(fileno: int) -> bool:
    """Whether the socket ``fileno`` has anything to read (or is closed), without waiting."""
    poller = select.poll()
    poller.register(fileno, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()
        try:
            waiting = has_data_waiting(connection.fileno())
        except (OSError, ValueError):
            return False
        return super().is_usable() if waiting else True
