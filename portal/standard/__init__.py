"""The quality standard in plain language: the public pages about training in the municipality.

Everything a page says about the municipality comes from its profile (`portal.municipalities`); where the
profile is silent, the page says so in general words or points to the municipality's contact.
"""
