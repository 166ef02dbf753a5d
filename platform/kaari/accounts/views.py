"""Signing in and out, passwords, invitations and the tenant's staff list."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from markupsafe import Markup

from kaari.accounts import forms, services, two_factor
from kaari.accounts.access import permission_required, recent_auth_required
from kaari.accounts.models import Membership, User
from kaari.audit.services import record
from kaari.core import db
from kaari.core.choices import labels_of
from kaari.core.db import utcnow
from kaari.core.extensions import limiter
from kaari.core.i18n import select_language
from kaari.core.lookups import get_or_404
from kaari.core.web import client_ip, safe_next
from kaari.mail.links import PersonalLink
from kaari.mail.services import send
from kaari.tenancy.routing import tenant_blueprint

bp = Blueprint("accounts", __name__)
tenant_bp = tenant_blueprint("accounts_tenant", __name__)
staff_bp = tenant_blueprint("staff_members", __name__, "/staff/members")

# How long the password step waits for the code step.
PENDING_SIGN_IN = "pending_sign_in"
PENDING_LIFETIME = timedelta(minutes=5)


def send_invitation(tenant, invitation) -> None:
    """Mail the invitation link, in the tenant's default language."""
    send(
        "staff_invitation",
        to=invitation.email,
        language=tenant.default_language,
        context={
            "link": PersonalLink("staff_invitation", {"invitation_id": invitation.id}),
            "role": invitation.role,
            "inviter": current_user.name or current_user.email,
        },
        key=f"invitation-{invitation.id}",
    )


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _after_login_target(user) -> str:
    if g.get("tenant") is not None:
        return url_for("dashboard.home")
    memberships = services.tenants_of(user)
    if user.platform_role == "platform_admin":
        return url_for("platform_admin.tenants")
    if len(memberships) == 1:
        return url_for("dashboard.home", tenant=memberships[0].tenant.slug)
    return url_for("accounts.account")


def _login_url(endpoint: str) -> str:
    """The global or the tenant's variant of a sign-in page, as the request came in."""
    if g.get("tenant") is not None:
        return url_for(f"accounts_tenant.tenant_{endpoint}")
    return url_for(f"accounts.{endpoint}")


def _sign_in(user: User, target: str, message: str | None = None):
    """Rotate the session, open a server-side one, audit and go on."""
    session.clear()  # a fresh cookie session at every sign-in (no fixation)
    services.start_session(user, ip=client_ip(), user_agent=request.user_agent.string)
    login_user(user)
    record("login", actor_id=user.id, ip=client_ip(), obj=user)
    db.session.commit()
    if message:
        flash(message, "info")
    return redirect(target)


@bp.route("/login", methods=["GET", "POST"])
@tenant_bp.route("/login", methods=["GET", "POST"], endpoint="tenant_login")
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, **_origin())
        except services.AccountError as error:
            flash(str(error.message), "error")
        else:
            if user is None or (
                g.get("tenant") is not None and services.membership_of(user) is None
            ):
                db.session.commit()  # the failure counts towards the account's backoff
                # One message for every failure: it must not tell which part was wrong.
                flash(_("The email address or password is incorrect."), "error")
            else:
                target = safe_next(request.args.get("next"), _after_login_target(user))
                remembered = two_factor.is_remembered(user, _origin()["device_token"])
                if not user.two_factor or remembered:
                    return _sign_in(user, target)
                session.clear()
                session[PENDING_SIGN_IN] = {
                    "user": user.id,
                    "tenant": _tenant_id(),
                    "next": target,
                    "at": utcnow().timestamp(),
                }
                return redirect(_login_url("login_code"))
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 400


def _origin() -> dict:
    """Where this attempt comes from, for the backoff: the address and the
    remembered-device cookie."""
    return {
        "ip": client_ip(),
        "device_token": request.cookies.get(two_factor.REMEMBER_COOKIE),
    }


def _tenant_id() -> int | None:
    tenant = g.get("tenant")
    return tenant.id if tenant is not None else None


def _pending_user() -> User | None:
    """The user who gave the right password a moment ago, on this page's tenant, and owes the code."""
    pending = session.get(PENDING_SIGN_IN) or {}
    started = pending.get("at", 0)
    if (
        utcnow().timestamp() - started > PENDING_LIFETIME.total_seconds()
        or pending.get("tenant") != _tenant_id()
    ):
        return None
    user = db.session.get(User, pending.get("user", 0))
    return user if user is not None and user.active and user.two_factor else None


@bp.route("/login/code", methods=["GET", "POST"])
@tenant_bp.route("/login/code", methods=["GET", "POST"], endpoint="tenant_login_code")
@limiter.limit(_login_rate_limit, methods=["POST"])
def login_code():
    user = _pending_user()
    if user is None:
        session.pop(PENDING_SIGN_IN, None)
        flash(_("Sign in with your password first."), "info")
        return redirect(_login_url("login"))
    form = forms.CodeForm()
    if form.validate_on_submit():
        if services.is_locked(user, **_origin()):
            flash(str(services.AccountError("locked").message), "error")
        elif two_factor.second_factor(user, form.code.data, _totp_key()):
            response = _sign_in(user, session[PENDING_SIGN_IN]["next"])  # read before the clear
            if form.remember.data:
                _remember_device(response, user)
            return response
        else:
            services.record_failure(user, ip=client_ip())
            db.session.commit()
            form.code.errors.append(_("The code is not correct, or it has been used already."))
    return render_template("accounts/login_code.html", form=form), 400 if form.errors else 200


def _totp_key() -> str:
    return current_app.config["TOTP_ENCRYPTION_KEY"]


def _remember_device(response, user: User) -> None:
    config = current_app.config
    response.set_cookie(
        two_factor.REMEMBER_COOKIE,
        two_factor.remember_token(user),
        max_age=int(two_factor.REMEMBER_DEVICE.total_seconds()),
        httponly=True,
        secure=config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.end_session(current_user.session_token)
        record("logout", actor_id=current_user.id, ip=client_ip(), obj=current_user)
        db.session.commit()
        logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(safe_next(request.form.get("next"), url_for("directory.index")))


@bp.route("/account")
@login_required
def account():
    memberships = services.tenants_of(current_user)
    return render_template("accounts/account.html", memberships=memberships)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
@recent_auth_required(back="accounts.two_factor_setup")
def two_factor_setup():
    """Set up a new key (only with the password given lately), or the status when on."""
    if current_user.two_factor:
        return render_template(
            "accounts/two_factor.html",
            form=forms.DisableTwoFactorForm(),
            unused=two_factor.unused_recovery_codes(current_user),
        )
    secret = two_factor.setup_secret(current_user, _totp_key())
    form = forms.EnableTwoFactorForm()
    if form.validate_on_submit():
        codes = two_factor.enable(current_user, form.code.data, _totp_key())
        if codes is not None:
            record("two_factor.enabled", actor_id=current_user.id, ip=client_ip(), obj=current_user)
            db.session.commit()
            return render_template("accounts/recovery_codes.html", codes=codes)
        form.code.errors.append(
            _("The code is not correct. Check your device's clock and type the newest code.")
        )
    db.session.commit()  # the secret stays the same until it is confirmed
    qr = two_factor.qr_svg(
        two_factor.provisioning_uri(current_user, secret), _("QR code for your authenticator app")
    )
    return render_template(
        "accounts/two_factor_setup.html",
        form=form,
        secret=secret,
        qr=Markup(qr),  # noqa: S704 (segno's own SVG markup; the title is escaped by segno)
    ), 400 if form.errors else 200


@bp.route("/account/confirm", methods=["GET", "POST"])
@login_required
def confirm_identity():
    """The password (and code) again before a sensitive action; then back to it."""
    form = forms.ConfirmIdentityForm()
    if form.validate_on_submit():
        password_right = _password_again(form.password.data)
        if password_right and (
            not current_user.two_factor
            or two_factor.second_factor(current_user, form.code.data or "", _totp_key())
        ):
            services.confirm_identity(current_user.session_token)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), url_for("accounts.account")))
        if password_right:  # the code was wrong; a wrong password was counted already
            services.record_failure(current_user, ip=client_ip())
        db.session.commit()  # the failure counts towards the backoff
        form.password.errors.append(_("The password or the code is not correct."))
    return render_template("accounts/confirm_identity.html", form=form), (
        400 if form.errors else 200
    )


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
def disable_two_factor():
    """Off only with the password and a current code (or a recovery code): a borrowed
    session or a known password alone cannot remove the second factor."""
    form = forms.DisableTwoFactorForm()
    if form.validate_on_submit() and _password_again(form.password.data):
        if two_factor.second_factor(current_user, form.code.data, _totp_key()):
            two_factor.disable(current_user)
            record(
                "two_factor.disabled", actor_id=current_user.id, ip=client_ip(), obj=current_user
            )
            db.session.commit()
            flash(_("Two-factor sign-in is off."), "info")
            return redirect(url_for("accounts.account"))
        services.record_failure(current_user, ip=client_ip())
    db.session.commit()  # a wrong password or code counts towards the backoff
    flash(_("The password or the code is not correct: two-factor sign-in stays on."), "error")
    return redirect(url_for("accounts.two_factor_setup"))


def _password_again(password: str) -> bool:
    """Whether the signed-in user typed their password (a locked account never has)."""
    try:
        return services.check_password(current_user, password, **_origin())
    except services.AccountError:
        return False


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        if not _password_again(form.current.data):
            db.session.commit()  # a wrong password counts towards the backoff
            form.current.errors.append(_("The current password is incorrect."))
        else:
            try:
                services.change_password(
                    current_user, form.password.data, keep_session=current_user.session_token
                )
            except services.AccountError as error:
                form.password.errors.append(str(error.message))
            else:
                record(
                    "password.changed", actor_id=current_user.id, ip=client_ip(), obj=current_user
                )
                db.session.commit()
                flash(_("Your password has been changed. Other sessions were signed out."), "info")
                return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def forgot_password():
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None and user.active:
            send(
                "password_reset",
                to=user.email,
                language=select_language(),
                context={"link": PersonalLink("password_reset", {"user_id": user.id}), "hours": 1},
            )
            record("password.reset_requested", actor_id=user.id, ip=client_ip(), obj=user)
            db.session.commit()
        # The same answer whether or not the address has an account.
        flash(
            _("If the address has an account, a link to set a new password is on its way."), "info"
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_for_reset(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 404
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(user, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(str(error.message))
        else:
            record("password.reset", actor_id=user.id, ip=client_ip(), obj=user)
            db.session.commit()
            flash(_("Your password has been set. You can sign in now."), "info")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@tenant_bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = services.open_invitation(token)
    if invitation is None:
        return render_template("accounts/link_invalid.html"), 404
    existing = services.find_user(invitation.email)
    form = forms.AcceptInvitationForm()
    if existing is not None:
        if not current_user.is_authenticated or current_user.id != existing.id:
            flash(
                _("You have an account already: sign in first, then open the link again."), "info"
            )
            return redirect(f"{url_for('accounts.login')}?next={request.path}")
        if request.method == "POST":
            services.accept_invitation(invitation, user=current_user, ip=client_ip())
            db.session.commit()
            return redirect(url_for("dashboard.home"))
    elif form.validate_on_submit():
        try:
            user = services.accept_invitation(
                invitation,
                user=None,
                name=form.name.data,
                password=form.password.data,
                ip=client_ip(),
            )
        except services.AccountError as error:
            form.password.errors.append(str(error.message))
        else:
            return _sign_in(
                user, url_for("dashboard.home"), _("Welcome! You are now a member of the staff.")
            )
    return render_template(
        "accounts/accept_invitation.html", form=form, invitation=invitation, existing=existing
    )


# The tenant's staff list (admins) -----------------------------------------


@staff_bp.route("/", methods=["GET", "POST"])
@permission_required("manage_staff")
def members():
    form = forms.InviteForm()
    if form.validate_on_submit():
        try:
            invitation = services.invite(
                form.email.data, form.role.data, invited_by=current_user, ip=client_ip()
            )
        except services.AccountError as error:
            form.email.errors.append(str(error.message))
        else:
            send_invitation(g.tenant, invitation)
            db.session.commit()
            flash(_("The invitation has been sent."), "info")
            return redirect(url_for("staff_members.members"))
    return render_template(
        "accounts/members.html",
        form=form,
        members=services.list_members(),
        invitations=services.pending_invitations(),
        role_form=forms.RoleForm(),
        role_names=labels_of(forms.role_choices()),
    ), 400 if form.errors else 200


@staff_bp.route("/<id:membership_id>/role", methods=["POST"])
@permission_required("manage_staff")
@recent_auth_required(back="staff_members.members")
def change_role(membership_id: int):
    membership = get_or_404(Membership, membership_id)
    form = forms.RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.change_role(membership, form.role.data, actor=current_user, ip=client_ip())
    except services.AccountError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The role has been changed."), "info")
    return redirect(url_for("staff_members.members"))


@staff_bp.route("/<id:membership_id>/remove", methods=["POST"])
@permission_required("manage_staff")
@recent_auth_required(back="staff_members.members")
def remove(membership_id: int):
    membership = get_or_404(Membership, membership_id)
    try:
        services.remove_member(membership, actor=current_user, ip=client_ip())
    except services.AccountError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The person has been removed from the staff."), "info")
    return redirect(url_for("staff_members.members"))
