"""A second factor (TOTP, django-otp) for the accounts that can change everyone's data: centre directors,
administrators and superusers. After the password they confirm a six-digit code from an authenticator app
(set up once by scanning a QR code); until then every page sends them to that step."""
