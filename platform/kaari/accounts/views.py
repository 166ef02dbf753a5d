"""Signing in and out, passwords, invitations and the tenant's staff list."""

from __future__ import annotations

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

from kaari import db
from kaari.accounts import forms, services
from kaari.accounts.access import staff_required
from kaari.audit.services import record
from kaari.extensions import limiter
from kaari.i18n import select_language
from kaari.mail.services import send
from kaari.tenancy.routing import tenant_blueprint
from kaari.web import client_ip, safe_next

bp = Blueprint("accounts", __name__)
tenant_bp = tenant_blueprint("accounts_tenant", __name__)
staff_bp = tenant_blueprint("staff_members", __name__, "/staff/members")

ERROR_MESSAGES = {
    "too_short": lambda: _("The password is too short."),
    "same_as_email": lambda: _("The password must not be your email address."),
    "too_simple": lambda: _("The password is too simple: use more different characters."),
    "invalid_email": lambda: _("Check the email address."),
    "email_taken": lambda: _("This email address has an account already."),
    "already_member": lambda: _("This person is already a member of the staff."),
    "last_admin": lambda: _("The organisation must keep at least one administrator."),
    "sign_in_first": lambda: _(
        "You have an account already: sign in first, then open the link again."
    ),
    "invalid_role": lambda: _("Choose a role from the list."),
}


def error_message(error: services.AccountError) -> str:
    return ERROR_MESSAGES[error.code]()


def send_invitation(tenant, invitation, raw_token: str) -> None:
    """Mail the invitation link, in the tenant's default language."""
    link = current_app.config["BASE_URL"] + url_for(
        "accounts_tenant.accept_invitation", tenant=tenant.slug, token=raw_token
    )
    send(
        "staff_invitation",
        to=invitation.email,
        language=tenant.default_language,
        context={
            "link": link,
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


@bp.route("/login", methods=["GET", "POST"])
@tenant_bp.route("/login", methods=["GET", "POST"], endpoint="tenant_login")
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    form = forms.LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None or (g.get("tenant") is not None and services.membership_of(user) is None):
            # One message for every failure: it must not tell which part was wrong.
            flash(_("The email address or password is incorrect."), "error")
        else:
            session.clear()  # a fresh session at every login
            services.start_session(user, ip=client_ip(), user_agent=request.user_agent.string)
            login_user(user)
            record("login", actor_id=user.id, ip=client_ip(), obj=user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), _after_login_target(user)))
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 400


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


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        if services.authenticate(current_user.email, form.current.data) is None:
            form.current.errors.append(_("The current password is incorrect."))
        else:
            try:
                services.change_password(
                    current_user, form.password.data, keep_session=current_user.session_token
                )
            except services.AccountError as error:
                form.password.errors.append(error_message(error))
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
            token = services.reset_token(user, current_app.config["SECRET_KEY"])
            link = current_app.config["BASE_URL"] + url_for("accounts.reset_password", token=token)
            send(
                "password_reset",
                to=user.email,
                language=select_language(),
                context={"link": link, "hours": 1},
                key=f"password-reset-{token}",
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
    user = services.user_for_reset(token, current_app.config["SECRET_KEY"])
    if user is None:
        return render_template("accounts/link_invalid.html"), 404
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(user, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(error_message(error))
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
            form.password.errors.append(error_message(error))
        else:
            session.clear()
            services.start_session(user, ip=client_ip(), user_agent=request.user_agent.string)
            login_user(user)
            db.session.commit()
            flash(_("Welcome! You are now a member of the staff."), "info")
            return redirect(url_for("dashboard.home"))
    return render_template(
        "accounts/accept_invitation.html", form=form, invitation=invitation, existing=existing
    )


# The tenant's staff list (admins) -----------------------------------------


@staff_bp.route("/", methods=["GET", "POST"])
@staff_required("admin")
def members():
    form = forms.InviteForm()
    if form.validate_on_submit():
        try:
            invitation, raw = services.invite(
                form.email.data, form.role.data, invited_by=current_user, ip=client_ip()
            )
        except services.AccountError as error:
            form.email.errors.append(error_message(error))
        else:
            send_invitation(g.tenant, invitation, raw)
            db.session.commit()
            flash(_("The invitation has been sent."), "info")
            return redirect(url_for("staff_members.members"))
    return render_template(
        "accounts/members.html",
        form=form,
        members=services.list_members(),
        invitations=services.pending_invitations(),
        role_form=forms.RoleForm(),
    ), 400 if form.errors else 200


def _member_or_404(membership_id: int):
    membership = services.get_member(membership_id)
    if membership is None:
        abort(404)
    return membership


@staff_bp.route("/<id:membership_id>/role", methods=["POST"])
@staff_required("admin")
def change_role(membership_id: int):
    membership = _member_or_404(membership_id)
    form = forms.RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.change_role(membership, form.role.data, actor=current_user, ip=client_ip())
    except services.AccountError as error:
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("The role has been changed."), "info")
    return redirect(url_for("staff_members.members"))


@staff_bp.route("/<id:membership_id>/remove", methods=["POST"])
@staff_required("admin")
def remove(membership_id: int):
    membership = _member_or_404(membership_id)
    try:
        services.remove_member(membership, actor=current_user, ip=client_ip())
    except services.AccountError as error:
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("The person has been removed from the staff."), "info")
    return redirect(url_for("staff_members.members"))
