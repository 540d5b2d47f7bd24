"""The exercise library's staff pages: search, add, edit, pictures."""
