"""Hold: teams with a number of places, booked from a course (under /medarbejder/hold)."""
