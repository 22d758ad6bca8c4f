"""The integration API's blueprints: the API at /api/v1 and its keys' staff pages.

Two blueprints because only the first is exempt from CSRF: API calls authenticate with
a key in the Authorization header and never with a cookie, so a forged cross-site request
carries no credential. The staff pages are cookie-authenticated forms, checked as usual.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
keys_bp = Blueprint("api_keys", __name__)
