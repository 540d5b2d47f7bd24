"""Booked training sessions: the therapist books and records attendance; the citizen sees, cancels and is absent."""
