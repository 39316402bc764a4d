"""hibah: read, check, reconcile and report the grants (hibah) of regional elections."""
