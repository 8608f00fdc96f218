"""Reports: the findings table and verdict records, written as CSV, JSON and JUnit XML."""
