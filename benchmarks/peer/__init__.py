"""Peers Parley is measured against: the same semantics on another solver."""
