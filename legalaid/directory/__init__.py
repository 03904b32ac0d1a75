"""Directors' self-service: the users, roles and handler roster of a centre's subtree, without Django admin."""
