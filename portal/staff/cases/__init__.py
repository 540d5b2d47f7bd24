"""The visitator's casework: the inbox of open applications and referrals, the case page and its steps."""
