"""Selvtræningsprogram og slutstatus: the therapist builds a course's program, writes the end note and issues both."""
