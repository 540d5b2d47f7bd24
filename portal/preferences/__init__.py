"""Påmindelser og kontakt: how and when a person hears about their training sessions."""
