"""Calibration of the SDR-ready threshold against what sales made of the handoffs: the cases
read from the database, and the threshold applied (and undone) at run time, shared by every
worker through the `threshold_changes` table."""
