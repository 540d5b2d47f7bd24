"""Mit træningsprogram: the citizen's self-training programs, the training log, progress and reminders."""
