import pytest

from tests.cases.conftest import frozen_now, roster  # noqa: F401 - the cases fixtures, shared


@pytest.fixture
def sms_gateway_configured(settings):
    """A centre with an SMS gateway (without one, messages are kept as not sent)."""
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"
