"""The second-factor step: set up an authenticator once (QR code and key), then confirm a code each login."""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .rules import has_confirmed_device


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=8,
        help_text=gettext_lazy("身份验证器应用中显示的 6 位数字"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-control"}
        ),
    )

    def clean_token(self):
        # Full-width digits from a Chinese keyboard are the same digits.
        token = self.cleaned_data["token"].translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        token = "".join(token.split())
        if not token.isdigit():
            raise forms.ValidationError(_("验证码是 6 位数字。"))
        return token


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8").split("?>", 1)[-1]


@login_required
def two_factor(request):
    confirmed = has_confirmed_device(request.user)
    device = (
        TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        if confirmed
        else TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        or TOTPDevice.objects.create(user=request.user, name=_("身份验证器"), confirmed=False)
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("验证码不正确或已过期，请输入应用中当前显示的数字。"))
    context = {"form": form, "confirmed": confirmed, "next": _next(request)}
    if not confirmed:
        context["qr_svg"] = mark_safe(_qr_svg(device.config_url))  # generated here from our own data
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "twofactor/two_factor.html", context)
