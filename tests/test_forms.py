"""What every portal form does with what it is sent, before any field reads it."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, StringField, TextAreaField

from portal.forms import PortalForm


class NoteForm(PortalForm):
    class Meta:
        csrf = False

    title = StringField("Titel")
    note = TextAreaField("Note")
    token = HiddenField()


def test_a_form_reads_text_without_control_characters_and_one_line_feed_per_line_break(app: Flask) -> None:
    sent = MultiDict({"title": "Hold\x00 1", "note": "Første\r\nanden\rtredje\x1b\tfjerde\n", "token": "abc\x00"})
    with app.test_request_context(method="POST", data=sent):
        form = NoteForm()
    # PostgreSQL refuses a NUL in text; and a browser counts CR LF as one character against maxlength.
    assert (form.title.data, form.note.data, form.token.data) == ("Hold 1", "Første\nanden\ntredje\tfjerde\n", "abc")


def test_a_form_sent_with_the_query_string_is_cleaned_too(app: Flask) -> None:
    with app.test_request_context("/?title=a%00b"):
        assert NoteForm(request.args).title.data == "ab"
