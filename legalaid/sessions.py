"""The session engine (SESSION_ENGINE): Django's database sessions, each request's read compiled once.

Every signed-in request reads its session row; see legalaid.compiled for why it is compiled once per
process. The row is read by its key alone and its expiry compared here, where Django's store puts
`expire_date > now` in the statement: the same sessions are found, and the statement has one parameter.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from .compiled import CompiledRead

SESSION_BY_KEY = CompiledRead(
    lambda key: Session.objects.filter(session_key=key).order_by()[:1], "stand-in-session-key-never-issued"
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = SESSION_BY_KEY.records(router.db_for_read(Session), self.session_key)
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
