"""The second factor as a property of a session, not only of an account."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator


def session_passed_second_factor(request) -> bool:
    """Whether this session, not merely the account, gave a second-factor code.

    allauth records each way a session authenticated (password, then "mfa"); a
    session that signed in before the account turned two-factor on has only the
    password record.
    """
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_code_given_at_setup(sender, *, request, user, authenticator, **kwargs):
    """Count a TOTP set-up as this session's second factor: setting it up took a valid
    code from the new authenticator, so asking for another one at once (after waiting
    for the next 30-second window, as a code is accepted only once) would add nothing.
    """
    # allauth offers no public call for this; its login and reauthentication flows
    # record the "mfa" method the same way.
    from allauth.account.internal.flows.login import record_authentication

    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
