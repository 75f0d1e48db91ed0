"""The store's schema, as numbered migrations. Append, never edit one that has shipped.

``PRAGMA user_version`` records how far a database has come; each migration runs in its own
transaction, so a crash mid-upgrade leaves the previous version intact.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "cards, contacts, drafts, history, outbox",
        """
        -- One per inbox sub-folder; its event.toml may give it another display name.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            folder TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            date TEXT,
            place TEXT,
            template TEXT,
            note TEXT,
            updated_at TEXT NOT NULL
        );

        -- AUTOINCREMENT: an id is never reused, since CRMs and exports keep referring to it.
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            fields TEXT NOT NULL,                  -- JSON, the extract shape
            edited TEXT NOT NULL DEFAULT '[]',     -- JSON list: fields the user set by hand
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        -- Index keys ("email:x@y", "phone:+1...") that narrow duplicate candidates.
        CREATE TABLE contact_keys (
            key TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            PRIMARY KEY (key, contact_id)
        ) WITHOUT ROWID;

        CREATE TABLE cards (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sha256 TEXT NOT NULL UNIQUE,
            photo TEXT NOT NULL,                   -- where the photo was found
            stored_photo TEXT NOT NULL,            -- the store's own copy
            card_image TEXT,                       -- the straightened card (JPEG)
            event_id INTEGER REFERENCES events(id),
            captured_at TEXT NOT NULL,
            captured_by TEXT NOT NULL DEFAULT 'file'   -- 'camera' (EXIF) or 'file' (mtime)
                CHECK (captured_by IN ('camera', 'file')),
            side TEXT CHECK (side IN ('front', 'back')),
            side_key TEXT,
            state TEXT NOT NULL CHECK (state IN ('new', 'extracted', 'drafted', 'approved',
                'skipped', 'pushed', 'sent', 'merged', 'failed')),
            contact_id INTEGER REFERENCES contacts(id),
            duplicate_of INTEGER REFERENCES cards(id),
            back_of INTEGER REFERENCES cards(id),  -- this photo is the back of that card
            extraction TEXT,                       -- JSON: what OCR read (never changed after)
            fields TEXT,                           -- JSON: the contact as read, with edits
            confidence TEXT,
            flagged TEXT,
            edited TEXT NOT NULL DEFAULT '[]',
            differences TEXT,                      -- JSON: vs the existing contact
            note TEXT,
            template TEXT,                         -- the user's choice; NULL: chosen per card
            error TEXT,
            claimed_by TEXT,
            claimed_until REAL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX cards_state ON cards (state);
        CREATE INDEX cards_event ON cards (event_id, captured_at);
        CREATE INDEX cards_contact ON cards (contact_id);

        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards(id),
            template TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            html TEXT,
            edited INTEGER NOT NULL DEFAULT 0,     -- the user rewrote the text by hand
            created_at TEXT NOT NULL
        );
        CREATE INDEX drafts_card ON drafts (card_id, id);

        -- Every finished step, once: the audit trail and the proof that nothing repeats.
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards(id),
            step TEXT NOT NULL,
            detail TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX history_card ON history (card_id, id);

        -- Pushes and sends, done later by adapters; the key makes enqueueing idempotent.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards(id),
            kind TEXT NOT NULL CHECK (kind IN ('push', 'send')),
            key TEXT NOT NULL UNIQUE,
            payload TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'in_progress', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at TEXT,
            last_error TEXT,
            result TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX outbox_state ON outbox (state, due_at);

        -- What a file looked like when hashed, so unchanged files are not read again.
        CREATE TABLE files (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            seen_at TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        "outbox claims and log steps, remote ids, per-event send time",
        """
        -- SQLite cannot alter a CHECK: rebuild the outbox with the new kinds and states.
        --   kind 'log': record in the CRM what was really sent (after the send).
        --   state 'held': stopped for the user (e.g. a send that may have gone out before a
        --   crash); never retried by itself.
        CREATE TABLE outbox_v2 (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards(id),
            kind TEXT NOT NULL CHECK (kind IN ('push', 'send', 'log')),
            key TEXT NOT NULL UNIQUE,
            payload TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'in_progress', 'done', 'failed', 'held')),
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at TEXT,
            last_error TEXT,
            result TEXT,
            claimed_by TEXT,
            claimed_until REAL,
            done_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        INSERT INTO outbox_v2 (id, card_id, kind, key, payload, state, attempts, due_at,
            last_error, result, created_at, updated_at)
            SELECT id, card_id, kind, key, payload, state, attempts, due_at, last_error, result,
                created_at, updated_at FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_v2 RENAME TO outbox;
        CREATE INDEX outbox_state ON outbox (state, due_at);
        CREATE INDEX outbox_card ON outbox (card_id, id);

        -- What a CRM calls our records: ("hubspot", "contact", "12") -> "5012".
        CREATE TABLE remote_ids (
            crm TEXT NOT NULL,
            kind TEXT NOT NULL,
            local_key TEXT NOT NULL,
            remote_id TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (crm, kind, local_key)
        ) WITHOUT ROWID;

        -- event.toml's send_at: "now", "morning" or "HH:MM" (NULL: the user's setting).
        ALTER TABLE events ADD COLUMN send_at TEXT;
        """,
    ),
    (
        3,
        "remote ids looked up by the CRM's id",
        """
        -- The sidebar asks "which card is HubSpot contact 5012?".
        CREATE INDEX remote_ids_remote ON remote_ids (crm, kind, remote_id);
        """,
    ),
    (
        4,
        "keep in touch: cadences and tags, touches, check-ins, event cadence",
        """
        -- A contact's own cadence (NULL: from its tags, its event or the default) and tags.
        CREATE TABLE relationships (
            contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
            cadence TEXT,
            tags TEXT NOT NULL DEFAULT '[]',       -- JSON list, lower-case
            updated_at TEXT NOT NULL
        );

        -- Every real interaction with a contact ("snoozed": a check-in skipped, which only
        -- restarts the timer). ``source`` names where it came from, so none is counted twice.
        CREATE TABLE touches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            at TEXT NOT NULL,                      -- ISO 8601, UTC
            kind TEXT NOT NULL CHECK (kind IN ('followup', 'checkin', 'email', 'meeting',
                'call', 'manual', 'snoozed')),
            note TEXT,
            source TEXT UNIQUE,                    -- "send:12", "hubspot:emails:345"; NULL: by hand
            created_at TEXT NOT NULL
        );
        CREATE INDEX touches_contact ON touches (contact_id, at);

        -- Check-in drafts; sent through the outbox like follow-ups, anchored on a card of the
        -- contact (the outbox's unit), keyed "send:checkin:<id>".
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            card_id INTEGER NOT NULL REFERENCES cards(id),
            due_on TEXT NOT NULL,
            template TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            html TEXT,
            note TEXT,
            edited INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'drafted'
                CHECK (state IN ('drafted', 'approved', 'sent', 'skipped')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- At most one open check-in per contact.
        CREATE UNIQUE INDEX checkins_open ON checkins (contact_id)
            WHERE state IN ('drafted', 'approved');

        ALTER TABLE events ADD COLUMN cadence TEXT;

        -- Follow-ups sent before this version are interactions too.
        INSERT OR IGNORE INTO touches (contact_id, at, kind, source, created_at)
            SELECT cards.contact_id, json_extract(outbox.result, '$.sent_at'), 'followup',
                'send:' || outbox.id, outbox.updated_at
            FROM outbox JOIN cards ON cards.id = outbox.card_id
            WHERE outbox.kind = 'send' AND outbox.state = 'done'
                AND cards.contact_id IS NOT NULL
                AND json_extract(outbox.result, '$.sent_at') IS NOT NULL;
        """,
    ),
    (
        5,
        "draft languages and the note warning",
        """
        -- The drafts' language: event.toml's, the card's own choice (draft --language), and
        -- the one each draft was written in. NULL: chosen further up (drafts.language).
        ALTER TABLE events ADD COLUMN language TEXT;
        ALTER TABLE cards ADD COLUMN language TEXT;
        ALTER TABLE drafts ADD COLUMN language TEXT;
        -- Set when a note went into the draft word for word (shown before approving).
        ALTER TABLE drafts ADD COLUMN note_warning TEXT;
        """,
    ),
    (
        6,
        "photos and card images in the store",
        """
        -- The team store keeps its photos and card images here, so a worker on any machine
        -- reads them; a SQLite store keeps them as files beside it and leaves this empty.
        CREATE TABLE media (
            name TEXT PRIMARY KEY,                 -- the name the rows keep: photos/ab/<sha>.jpg
            sha256 TEXT NOT NULL,                  -- of these bytes
            size INTEGER NOT NULL,
            data BLOB NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    ),
)
