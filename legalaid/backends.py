"""The authentication backend: Django's ModelBackend, with the signed-in user's row read by a statement
compiled once per process (legalaid.compiled): every signed-in request reads it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import router

from .compiled import USER_STAND_IN, CompiledRead

USER_BY_PK = CompiledRead(lambda pk: get_user_model()._default_manager.filter(pk=pk).order_by()[:1], USER_STAND_IN)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        # user_id comes as django.contrib.auth.get_user gives it: already the primary key's type.
        found = USER_BY_PK.records(router.db_for_read(get_user_model()), user_id)
        return found[0] if found and self.user_can_authenticate(found[0]) else None
