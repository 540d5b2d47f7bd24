"""Henvisninger: a GP refers a patient to training and follows it; the citizen sees it and adds their own answers."""
