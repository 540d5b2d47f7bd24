"""Genoptræning efter sundhedsloven § 140: the hospital's plan, its start deadline and the citizen's free choice."""
