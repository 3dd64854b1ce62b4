"""Data protection: retention and the nightly purge, one pseudonymous employee's data (access and erasure), and the
sealing that keeps stored survey responses from being paired with codes or arrival order."""
