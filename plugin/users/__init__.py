"""Several users of one store: accounts and sign-in links, who owns which card, and each
rep's own profile and mailbox over the shared settings."""
