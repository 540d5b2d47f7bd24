"""What each fuldmagt scope opens, in words: for the pages that grant and list fuldmagter, and for the refusal
that names the scope a relative lacks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import Scope

# What each scope opens, said in full: the label where it is chosen and listed, and the help text under it.
# The policy's SCOPE_FOR_ACTION and the routes that ask for each action are what these must match.
SCOPE_LABELS = {
    Scope.SEE: _l("See my training, letters, cases and exercises"),
    Scope.MANAGE_SESSIONS: _l("Cancel my training and register absence"),
    Scope.HELP_TRAINING: _l("Help me with my training at home"),
    Scope.MANAGE_CONTACT: _l("Change my contact details"),
    Scope.APPLY: _l("Apply for training for me"),
    Scope.RECEIVE_NOTICES: _l("Receive my letters and reminders (not in use)"),
}
SCOPE_HELP = {
    Scope.SEE: _l(
        "Training times and calendar links. Letters from the municipality. My applications with my answers about"
        " my health, decisions and receipts. My training program and my log."
    ),
    Scope.MANAGE_SESSIONS: _l(
        "Cancel training times and register absence. Log my training at home and choose days for reminders about"
        " my exercises."
    ),
    Scope.HELP_TRAINING: _l(
        "Do my exercises with me, one at a time, on the Train now pages. Log the day with how hard it was and how"
        " much it hurt. The log shows who logged it."
    ),
    Scope.MANAGE_CONTACT: _l("My e-mail, my mobile number and how I get reminders."),
    Scope.APPLY: _l(
        "Apply for training. Answer questions from the municipality and about a referral from my doctor."
        " Withdraw an application."
    ),
    Scope.RECEIVE_NOTICES: _l(
        "The portal does not send letters or reminders to relatives yet. This choice gives no access."
    ),
}
