"""Running Vitals for a real organisation: the server launcher, proxy and service files."""
