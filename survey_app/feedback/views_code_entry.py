"""Typing a receipt's code when the phone's camera cannot read its QR symbol.

The page posts the code, so it travels in the request body, which nothing logs, and
then leads to the same ``/r/<code>`` address the QR symbol holds: the code is written
down nowhere it was not already.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.feedback import ReceiptCodeForm
from survey_app.core.form_data import add_error, required
from survey_app.core.qr.codes import typed_receipt_code
from survey_app.core.rate_limits import feedback_rate_limit
from survey_app.core.responses.submissions import find_receipt_place
from survey_app.core.web_forms import is_submitted, web_form
from survey_app.extensions import db, limiter
from survey_app.feedback.blueprint import bp


@bp.route("/nhap-ma", methods=["GET", "POST"])
@limiter.limit(feedback_rate_limit, methods=["POST"])
def enter_receipt_code() -> str | tuple[str, int] | WerkzeugResponse:
    """One field for the code under the QR; a known code opens its rating form."""
    form = web_form(ReceiptCodeForm)
    if not is_submitted(form):
        return render_template("feedback/enter_code.html", form=form)
    # The form checks its own CSRF token (the blueprint is exempt from the global check),
    # so a stale page is shown again with what was typed rather than an error page.
    if not form.validate():
        return render_template("feedback/enter_code.html", form=form), 400
    code = typed_receipt_code(required(form.receipt_code.data))
    if code is None:
        add_error(
            form.receipt_code,
            _("Mã gồm 10 chữ và số, không có chữ O, I và số 0, 1. Xin kiểm tra lại."),
        )
        return render_template("feedback/enter_code.html", form=form), 400
    if find_receipt_place(db.session(), code) is None:
        add_error(
            form.receipt_code,
            _("Không tìm thấy mã này. Xin kiểm tra lại từng ký tự trên giấy tiếp nhận."),
        )
        return render_template("feedback/enter_code.html", form=form), 404
    return redirect(url_for("feedback.rate_receipt", code=code), code=303)
