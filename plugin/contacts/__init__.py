"""Contacts across cards: duplicates, merging, front/back pairing, a card's JSON shape."""
