"""Thin Python shim around the clinic-booking SQL package."""
