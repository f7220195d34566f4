"""Accounts, roles and administration: sign-in, lockout, SSO mapping, roster import, privacy
requests, comment retention and backups. See docs/ACCOUNTS.md."""
