// Versioned schema, applied in order and recorded in PRAGMA user_version.
// Never edit a released migration: add the next one.
// Times are integer milliseconds since the epoch (UTC); the warehouse cursor keeps
// PostgreSQL's own text so microseconds survive the round trip.
// Nothing here holds a secret: tokens live in the environment or the OS keychain.

export const MIGRATIONS: readonly string[] = [
  /* 1: the core pipeline */ `
  CREATE TABLE poll_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    warehouse TEXT NOT NULL,        -- which warehouse and query the cursor belongs to
    loaded_at TEXT NOT NULL,        -- exactly as PostgreSQL printed it
    loaded_at_ms INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE seen_events (
    event_id TEXT PRIMARY KEY,
    loaded_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX seen_events_by_loaded_at ON seen_events (loaded_at_ms);

  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    people TEXT NOT NULL            -- JSON: [{ field, userId, name, email }]
  ) WITHOUT ROWID;
  CREATE TABLE ownership (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    user_id TEXT NOT NULL,
    source TEXT NOT NULL,
    refreshed_at INTEGER NOT NULL
  );

  CREATE TABLE moments (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    rule_when TEXT NOT NULL,
    account_id TEXT NOT NULL,
    account_name TEXT NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    source TEXT NOT NULL,
    event_ids TEXT NOT NULL,        -- JSON array
    event TEXT NOT NULL,            -- JSON object: every column of the triggering row
    occurred_at INTEGER NOT NULL,
    loaded_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('delivered', 'snoozed')),
    snooze_reason TEXT,
    snooze_key TEXT NOT NULL,
    snooze_ms INTEGER NOT NULL,
    folded INTEGER NOT NULL DEFAULT 0,
    read_at INTEGER
  );
  CREATE INDEX moments_delivered_by_key ON moments (snooze_key, occurred_at) WHERE status = 'delivered';
  CREATE INDEX moments_by_occurred_at ON moments (occurred_at);
  CREATE INDEX moments_by_account ON moments (account_id, occurred_at);
  CREATE INDEX moments_by_rule ON moments (rule_id, occurred_at);

  CREATE VIRTUAL TABLE moments_fts USING fts5 (
    title, body, account_name,
    content = 'moments', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER moments_fts_insert AFTER INSERT ON moments BEGIN
    INSERT INTO moments_fts (rowid, title, body, account_name) VALUES (new.seq, new.title, new.body, new.account_name);
  END;
  CREATE TRIGGER moments_fts_delete AFTER DELETE ON moments BEGIN
    INSERT INTO moments_fts (moments_fts, rowid, title, body, account_name)
      VALUES ('delete', old.seq, old.title, old.body, old.account_name);
  END;
  CREATE TRIGGER moments_fts_update AFTER UPDATE OF title, body, account_name ON moments BEGIN
    INSERT INTO moments_fts (moments_fts, rowid, title, body, account_name)
      VALUES ('delete', old.seq, old.title, old.body, old.account_name);
    INSERT INTO moments_fts (rowid, title, body, account_name) VALUES (new.seq, new.title, new.body, new.account_name);
  END;

  CREATE TABLE snooze_state (
    snooze_key TEXT PRIMARY KEY,
    pending_folded INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE once_keys (
    rule_id TEXT NOT NULL,
    once_key TEXT NOT NULL,
    first_event_id TEXT NOT NULL,
    PRIMARY KEY (rule_id, once_key)
  ) WITHOUT ROWID;

  CREATE TABLE mutes (
    kind TEXT NOT NULL CHECK (kind IN ('account', 'rule')),
    target TEXT NOT NULL,
    until INTEGER NOT NULL,
    PRIMARY KEY (kind, target)
  ) WITHOUT ROWID;

  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    moment_id TEXT NOT NULL REFERENCES moments (id),
    channel TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    last_error TEXT,
    UNIQUE (moment_id, channel)
  );
  CREATE INDEX outbox_pending ON outbox (channel, id) WHERE status = 'pending';

  -- Skipped rows, rule errors and the like: counted, so doctor can show them.
  CREATE TABLE counters (
    scope TEXT NOT NULL,            -- 'row' | 'rule:<id>' | …
    kind TEXT NOT NULL,
    count INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    example TEXT,
    PRIMARY KEY (scope, kind)
  ) WITHOUT ROWID;

  CREATE TABLE sync_status (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_success_at INTEGER,
    last_attempt_at INTEGER,
    last_error TEXT,
    last_error_at INTEGER
  );
  `,
  /* 2: Slack forwarding */ `
  -- lease_until: a sender is sending this row until then; another process (the desktop app and a
  -- CLI on one state file) leaves it alone, and after a crash it is simply sent again once.
  ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
  -- The posted message's ts (Web API only: a webhook answers "ok"), to thread on or edit it later.
  ALTER TABLE outbox ADD COLUMN slack_ts TEXT;
  -- What the last error means: retry (transient), channel (token or channel wrong: the channel is
  -- paused), message (Slack refused this message), expired (older than slack.maxAge).
  ALTER TABLE outbox ADD COLUMN error_kind TEXT;
  -- A failed row keeps in next_attempt_at the time it was given up.
  CREATE INDEX outbox_failed ON outbox (id) WHERE status = 'failed';

  -- users.lookupByEmail answers, so a team channel asks Slack once per owner, not once per message.
  CREATE TABLE slack_users (
    email TEXT PRIMARY KEY,         -- lower-cased
    user_id TEXT,                   -- NULL: Slack has no user with this e-mail (as of checked_at)
    checked_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  /* 3: the unread count of the tray and the history header, without a scan of every moment */ `
  CREATE INDEX moments_unread_delivered ON moments (occurred_at) WHERE read_at IS NULL AND status = 'delivered';
  `,
  /* 4: notification channels as plug-ins: an outbox destination names its channel type */ `
  -- Every forward so far was Slack's: '#moments' becomes 'slack:#moments', 'webhook' 'slack:webhook'.
  -- A Slack channel name never holds a colon, so a key with one is already typed.
  UPDATE outbox SET channel = 'slack:' || channel WHERE instr(channel, ':') = 0;
  -- The posted message's id as its channel gives one (Slack's ts); null where none is given.
  ALTER TABLE outbox RENAME COLUMN slack_ts TO sent_ref;
  `,
  /* 5: what the user did about a moment: reached out, logged to Salesforce, done, not useful */ `
  -- One row per action, in the order they were taken; a moment may have several (two e-mails).
  -- ref: the Salesforce Task Id of a 'log'. Deleting a moment takes its actions with it.
  CREATE TABLE moment_actions (
    id INTEGER PRIMARY KEY,
    moment_id TEXT NOT NULL REFERENCES moments (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'log', 'done', 'noise')),
    at INTEGER NOT NULL,
    ref TEXT
  );
  CREATE INDEX moment_actions_by_moment ON moment_actions (moment_id, at);
  `,
  /* 6: account fields from Salesforce, and the hand-over of accounts newly owned */ `
  -- The account fields (salesforce.accountFields) as Salesforce gave them: JSON, nested like the
  -- REST record ({"Type":"Trial","Owner":{"Name":"Ada"}}); NULL: none were read.
  ALTER TABLE accounts ADD COLUMN fields TEXT;
  -- The fields read, as the org described them: JSON [{ path, label, type }].
  ALTER TABLE ownership ADD COLUMN account_fields TEXT;
  -- The account's fields when the moment was recorded (what its rule saw); NULL before this version.
  ALTER TABLE moments ADD COLUMN account TEXT;

  -- Accounts a refresh found newly owned: the polls skipped their events until then (ownership is
  -- filtered in the warehouse query), so their recent events are read once, then the row goes.
  CREATE TABLE handovers (
    account_id TEXT PRIMARY KEY,
    noticed_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  /* 7: the full-text index written by the store itself, not by triggers */ `
  -- A trigger that writes to an FTS5 table opens a statement savepoint on it for every moment, and
  -- FTS5 flushes its pending terms to a new segment at each savepoint: one segment (and its merges)
  -- per moment, ~10x what one INSERT into the index costs. The store writes and deletes index rows
  -- itself, in the statement's own transaction (moments.ts, retention.ts).
  DROP TRIGGER moments_fts_insert;
  DROP TRIGGER moments_fts_delete;
  `,
  /* 8: a snoozed repeat names the delivered moment it repeats: the history shows it as a thread */ `
  -- thread_seq: the seq of the delivered moment of the same snooze key whose window a repeat fell in
  -- (the nearest before it, else the nearest after it, in event time, as snoozeState.ts picks it);
  -- NULL for a delivered moment and for one snoozed by a mute, which repeats nothing.
  ALTER TABLE moments ADD COLUMN thread_seq INTEGER;
  UPDATE moments AS r SET thread_seq = (
    SELECT d.seq FROM moments d
    WHERE d.snooze_key = r.snooze_key AND d.status = 'delivered'
      AND d.occurred_at BETWEEN r.occurred_at - r.snooze_ms AND r.occurred_at + r.snooze_ms
    ORDER BY d.occurred_at > r.occurred_at, abs(d.occurred_at - r.occurred_at), d.seq
    LIMIT 1)
  WHERE r.status = 'snoozed' AND r.snooze_reason = 'window';
  -- A thread's repeats, newest first.
  CREATE INDEX moments_by_thread ON moments (thread_seq, occurred_at) WHERE thread_seq IS NOT NULL;
  `,
  /* 9: the search index's vocabulary, so a typed word can be looked up as the terms it begins */ `
  -- A prefix term ("account"*) makes FTS5 merge every matching term's doclist in memory before it
  -- returns a row, whatever the LIMIT: ~100 ms for a word in 40% of 1,000,000 moments. Read
  -- through this table, the word becomes the exact terms it begins ("account" OR "accounts"),
  -- which FTS5 streams and seeks (searchTerms.ts). A view of the index: nothing is stored or rebuilt.
  CREATE VIRTUAL TABLE moments_fts_terms USING fts5vocab (moments_fts, 'row');
  `,
  /* 10: a search's matches mapped to their threads without reading the moments themselves */ `
  -- A threaded search lists the thread of every moment the words match: read from the moment's
  -- row, that is one wide-row read per match (9,300 for a word in 1% of 1,000,000 moments). This
  -- index answers "which thread, and when" for a seq on its own pages; the threads' order and
  -- their count are read here too, and only the page's rows from the table (historyQuery.ts).
  CREATE INDEX moments_thread_of ON moments (seq, thread_seq, occurred_at);
  `,
]
