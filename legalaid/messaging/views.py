"""A user's in-app messages: the inbox and marking read. Every logged-in user has one."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..errors import DomainError
from ..paginators import ListPaginator
from . import services


@login_required
def inbox(request):
    page = ListPaginator(services.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "messaging/inbox.html", {"page": page, "unread": services.unread_count(request.user)})


@login_required
@require_POST
def mark_read(request, pk: int):
    message = get_object_or_404(services.inbox(request.user), pk=pk)
    try:
        services.mark_read(message, actor=request.user)
    except DomainError as error:
        flash.error(request, error.message)
    return redirect("messaging:inbox")


@login_required
@require_POST
def mark_all_read(request):
    for message in services.inbox(request.user).filter(read_at__isnull=True):
        services.mark_read(message, actor=request.user)
    flash.success(request, _("全部消息已标为已读。"))
    return redirect("messaging:inbox")
