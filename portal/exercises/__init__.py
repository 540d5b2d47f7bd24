"""The exercise library: staff pages, the starter library and its loader."""
