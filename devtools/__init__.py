"""Tools for development and tests only; the portal never imports from here."""
