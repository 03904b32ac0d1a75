from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import work_for_user


@login_required
def work(request):
    """Everything awaiting this user, each row linking to its next action."""
    return render(request, "legalaid/work.html", work_for_user(request.user))
