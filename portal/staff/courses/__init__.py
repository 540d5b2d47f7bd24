"""Forløb: the therapist's course pages, booking, attendance, cancelling and ending a course."""
