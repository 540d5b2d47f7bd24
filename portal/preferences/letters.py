"""What the citizen and the new address are told when the e-mail address for notices changes."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from portal.outbox.letters import LETTER_LANGUAGE, Letter, letter_locale


def email_change_requested(new: str, by: str, language: str = LETTER_LANGUAGE) -> Letter:
    """To the citizen, by Digital Post and at the old address: a relative may have made the change."""
    with force_locale(letter_locale(language)):
        return Letter(
            language=language,
            kind="contact.email_change_requested",
            subject=gettext("Your e-mail address for notices is being changed"),
            body="\n\n".join(
                [
                    gettext("We have been asked to send e-mails to a new address: %(address)s.", address=new),
                    gettext("%(name)s asked for it.", name=by),
                    gettext("We only use the new address when someone clicks the link we sent to it."),
                    gettext(
                        "If you did not want this, call us, or change the address under Reminders and contact "
                        "when you are logged in."
                    ),
                ]
            ),
        )


def email_removed(old: str, by: str, language: str = LETTER_LANGUAGE) -> Letter:
    with force_locale(letter_locale(language)):
        return Letter(
            language=language,
            kind="contact.email_removed",
            subject=gettext("We no longer send you e-mails"),
            body="\n\n".join(
                [
                    gettext("We no longer send e-mails to %(address)s.", address=old),
                    gettext("%(name)s asked for it.", name=by),
                    gettext(
                        "If you did not want this, call us, or change the address under Reminders and contact "
                        "when you are logged in."
                    ),
                ]
            ),
        )


def confirm_email(link: str, hours: int) -> tuple[str, str]:
    """Subject and body of the e-mail to the new address, in the language of whoever typed it. No name, no health
    details: whoever reads this address learns only that someone asked for notices to come here."""
    return (
        gettext("Confirm your e-mail address"),
        "\n\n".join(
            [
                gettext("Someone asked for notices from the Training portal to come to this e-mail address."),
                gettext("Click the link to confirm the address:"),
                link,
                gettext("The link works for %(hours)d hours. If you did not ask for this, do nothing.", hours=hours),
            ]
        ),
    )
