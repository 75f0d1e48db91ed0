"""From a stable inbox file to a read, linked card: take in, read in workers, apply the reading."""
