"""Pairing: who may mentor whom, the best pairing, why, and the coordinator's avoid/fixed pairs."""
