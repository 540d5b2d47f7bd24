"""The access log in words: what each action key and way of acting means to the citizen."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "login": _l("Logged in"),
    "logout": _l("Logged out"),
    "roles.changed": _l("Roles changed at login"),
    "overview.index": _l("Looked at the overview"),
    "delegation.granted": _l("Gave a power of attorney"),
    "delegation.accepted": _l("Accepted a power of attorney"),
    "delegation.revoked": _l("Ended a power of attorney"),
    "delegation.registered": _l("Registered a power of attorney or guardianship from paper"),
    "staff.citizen": _l("Looked at your powers of attorney"),
    "staff.access_log": _l("Looked at this log"),
    "my_data.download": _l("Downloaded all your data"),
    "messages.index": _l("Looked at your messages"),
    "messages.show": _l("Read a message"),
    "applications.start": _l("Opened the application"),
    "applications.begin": _l("Started or continued an application"),
    "applications.question": _l("Answered a question in an application"),
    "applications.check": _l("Checked the answers of an application"),
    "applications.send": _l("Sent an application"),
    "applications.delete_draft": _l("Deleted a draft application"),
    "applications.hospital_plan": _l("Read about the hospital's plan"),
    "applications.cases": _l("Looked at your cases"),
    "applications.case": _l("Looked at a case"),
    "applications.receipt": _l("Looked at a receipt"),
    "applications.receipt_pdf": _l("Downloaded a receipt"),
    "applications.withdraw": _l("Withdrew an application"),
    "referral.sent": _l("Referred you to training"),
    "referral.receipt": _l("Saw the receipt for the referral"),
    "referral.viewed": _l("Looked at the referral"),
    "referrals.my_answers": _l("Looked at or answered the questions about the referral"),
    "cases.case": _l("Looked at your application"),
    "cases.acknowledge": _l("Acknowledged your application"),
    "cases.book_talk": _l("Booked an assessment talk"),
    "cases.ask": _l("Asked you a question about your application"),
    "sessions.course": _l("Looked at your course and training sessions"),
    "sessions.book": _l("Booked training sessions"),
    "sessions.attendance": _l("Recorded your attendance"),
    "sessions.cancel_by_therapist": _l("Cancelled a training session"),
    "citizen_sessions.index": _l("Looked at your training sessions"),
    "citizen_sessions.cancel": _l("Cancelled or looked at cancelling a training session"),
    "citizen_sessions.absence": _l("Registered absence or looked at registering it"),
    "citizen_sessions.month_view": _l("Looked at your training sessions as a month"),
    "citizen_sessions.all_ics": _l("Downloaded your training sessions as a calendar file"),
    "citizen_sessions.session_ics": _l("Downloaded a training session as a calendar file"),
    "citizen_sessions.subscription": _l("Looked at the calendar subscription"),
    "citizen_sessions.subscription_create": _l("Made a calendar subscription link"),
    "citizen_sessions.subscription_revoke": _l("Deleted a calendar subscription link"),
    "calendar_feed.feed": _l("A calendar app fetched your training sessions through a relative's link"),
    "cases.grant": _l("Granted your application"),
    "cases.refuse": _l("Refused your application"),
    "case_questions.answer": _l("Looked at or answered a question about your application"),
    "program_builder.program": _l("Looked at or worked on your self-training program"),
    "program_builder.end_note": _l("Wrote the end note of your course"),
    "program_builder.issue": _l("Gave you your self-training program and ended your course"),
    "staff_plans.new": _l("Registered your rehabilitation plan from the hospital"),
    "staff_plans.plan": _l("Looked at your rehabilitation plan"),
    "plans.index": _l("Looked at your rehabilitation plans"),
    "plans.plan": _l("Looked at your rehabilitation plan"),
}
DEFAULT_ACTION = _l("Looked at your information")

ACTING_LABELS = {
    "self": _l("You"),
    "citizen": _l("You"),
    "relative": _l("Relative with a power of attorney"),
    "guardian": _l("Guardian"),
    "gp": _l("Doctor"),
    "staff": _l("Staff in the municipality"),
    "system": _l("The portal"),
}


def action_label(key: str) -> object:
    return ACTION_LABELS.get(key, DEFAULT_ACTION)
