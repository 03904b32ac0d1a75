"""Directors' self-service: the users, roles and handler roster of a centre's subtree, the duty rota of its
duty stations and the effective-dated rules of its region, without Django admin."""
