"""Privacy duties: the registry of personal data, subject access, (later) erasure and
retention. Low in the stack on purpose: the domains that own person data register it
here, so privacy never imports them."""
