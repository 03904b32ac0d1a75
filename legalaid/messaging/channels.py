"""Where messages leave the system: one small interface per channel.

SMS goes to an HTTP gateway. Centres use their province's government SMS platform (政务短信平台) or a
commercial provider; most accept a JSON POST with the number, the text and a signature (签名), behind a
token. `HttpJsonSmsGateway` speaks that; a provider with another protocol is one class with the same
`send()` named in `SMS_BACKEND`. E-mail uses Django's mail backend (`EMAIL_URL`).
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    """A channel refused or could not be reached; the delivery task retries later."""


class HttpJsonSmsGateway:
    def __init__(self, url: str, token: str = "", sign_name: str = "", timeout: float = 5):
        self.url, self.token, self.sign_name, self.timeout = url, token, sign_name, timeout

    def send(self, phone: str, text: str, *, reference: str) -> str:
        payload = {"phone": phone, "content": text, "sign": self.sign_name, "reference": reference}
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"}
            | ({"Authorization": f"Bearer {self.token}"} if self.token else {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read().decode("utf-8", "replace")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"SMS gateway: {exc}") from exc
        try:
            answer = json.loads(body or "{}")
        except ValueError:
            answer = {}
        if isinstance(answer, dict) and answer.get("ok") is False:
            raise DeliveryError(f"SMS gateway refused: {answer.get('error', body)[:200]}")
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""


def sms_gateway():
    """The configured gateway, or None when SMS is not set up (messages are then kept as not sent)."""
    if not settings.SMS_GATEWAY_URL:
        return None
    backend = import_string(settings.SMS_BACKEND)
    return backend(settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN, settings.SMS_SIGN_NAME)


def email_configured() -> bool:
    return bool(settings.EMAIL_CONFIGURED)


def send_email(address: str, subject: str, body: str) -> None:
    try:
        EmailMessage(subject=subject, body=body, to=[address]).send(fail_silently=False)
    except OSError as exc:  # smtplib errors are OSErrors
        raise DeliveryError(f"mail: {exc}") from exc
