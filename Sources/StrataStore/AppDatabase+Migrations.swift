import GRDB

extension AppDatabase {
    /// The schema, one migration per change; a merged migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 foundation") { db in
            // Profiles: the dense integer id is the row id; merged profiles keep their row.
            try db.execute(sql: """
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY,
                    user_id TEXT,
                    merged_into INTEGER,
                    created_at INTEGER NOT NULL,
                    traits TEXT NOT NULL DEFAULT '{}',
                    trait_times TEXT NOT NULL DEFAULT '{}',
                    first_seen INTEGER,
                    last_seen INTEGER,
                    event_count INTEGER NOT NULL DEFAULT 0,
                    active_days INTEGER NOT NULL DEFAULT 0,
                    purchase_count INTEGER NOT NULL DEFAULT 0,
                    revenue_minor INTEGER NOT NULL DEFAULT 0,
                    last_purchase_at INTEGER,
                    first_touch_channel TEXT,
                    first_touch_at INTEGER,
                    last_city TEXT,
                    last_city_at INTEGER,
                    last_device TEXT,
                    last_device_at INTEGER
                );
                CREATE INDEX users_user_id ON users(user_id);
                CREATE TABLE identities (
                    kind INTEGER NOT NULL,
                    external_id TEXT NOT NULL,
                    uid INTEGER NOT NULL REFERENCES users(id),
                    PRIMARY KEY (kind, external_id)
                ) WITHOUT ROWID;
                CREATE INDEX identities_uid ON identities(uid);
                CREATE TABLE event_names (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE
                );
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    message_id TEXT NOT NULL UNIQUE,
                    uid INTEGER NOT NULL,
                    name_id INTEGER NOT NULL,
                    type INTEGER NOT NULL,
                    ts INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    original_ts TEXT,
                    sent_at TEXT,
                    properties TEXT,
                    revenue_minor INTEGER,
                    campaign_source TEXT,
                    ip TEXT,
                    user_agent TEXT,
                    library TEXT,
                    context TEXT,
                    warning TEXT
                );
                CREATE INDEX events_uid_ts ON events(uid, ts);
                CREATE INDEX events_name_ts ON events(name_id, ts);
                CREATE TABLE user_days (
                    uid INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    PRIMARY KEY (uid, day)
                ) WITHOUT ROWID;
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    received_at INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    batch_index INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    field TEXT,
                    raw TEXT NOT NULL
                );
                CREATE TABLE api_keys (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('write', 'secret')),
                    name TEXT NOT NULL,
                    prefix TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                );
                CREATE TABLE counters (
                    name TEXT PRIMARY KEY,
                    value INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO counters (name, value) VALUES ('events', 0), ('quarantined', 0);
                """)
        }
        migrator.registerMigration("v2 merge log") { db in
            // Merges in order, so the in-memory index can follow them without rescanning users.
            try db.execute(sql: """
                CREATE TABLE merge_log (
                    seq INTEGER PRIMARY KEY,
                    source INTEGER NOT NULL,
                    target INTEGER NOT NULL
                );
                INSERT INTO merge_log (source, target)
                    SELECT id, merged_into FROM users WHERE merged_into IS NOT NULL ORDER BY id;
                """)
        }
        migrator.registerMigration("v3 saved segments") { db in
            try db.execute(sql: """
                CREATE TABLE segments (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    description TEXT NOT NULL DEFAULT '',
                    owner TEXT NOT NULL DEFAULT '',
                    rule TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4 tags, scoring models, layer snapshots") { db in
            try db.execute(sql: """
                CREATE TABLE tags (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    description TEXT NOT NULL DEFAULT '',
                    segment TEXT,
                    revision INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE tag_members (
                    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
                    uid INTEGER NOT NULL,
                    PRIMARY KEY (tag_id, uid)
                ) WITHOUT ROWID;
                CREATE TABLE scoring_models (
                    name TEXT PRIMARY KEY,
                    definition TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE layer_snapshots (
                    source TEXT NOT NULL CHECK (source IN ('segment', 'model')),
                    name TEXT NOT NULL,
                    day TEXT NOT NULL,
                    layer TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    members BLOB NOT NULL,
                    taken_at INTEGER NOT NULL,
                    PRIMARY KEY (source, name, day, layer)
                ) WITHOUT ROWID;
                CREATE INDEX layer_snapshots_day ON layer_snapshots(day);
                """)
        }
        migrator.registerMigration("v5 channel spend") { db in
            try db.execute(sql: """
                CREATE TABLE channel_spend (
                    id INTEGER PRIMARY KEY,
                    channel TEXT NOT NULL,
                    from_day TEXT NOT NULL,
                    to_day TEXT NOT NULL,
                    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
                    note TEXT NOT NULL DEFAULT '',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    UNIQUE (channel, from_day, to_day)
                );
                """)
        }
        migrator.registerMigration("v6 campaigns and outbox") { db in
            try db.execute(sql: """
                CREATE TABLE campaigns (
                    name TEXT PRIMARY KEY,
                    definition TEXT NOT NULL,
                    status TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE campaign_versions (
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    definition TEXT NOT NULL,
                    status TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT '',
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (name, version)
                ) WITHOUT ROWID;
                CREATE TABLE campaign_members (
                    campaign TEXT NOT NULL,
                    occurrence TEXT NOT NULL,
                    uid INTEGER NOT NULL,
                    variant TEXT NOT NULL,
                    outcome TEXT NOT NULL CHECK (outcome IN ('queued', 'holdout', 'skipped')),
                    reason TEXT,
                    planned_at INTEGER NOT NULL,
                    PRIMARY KEY (campaign, occurrence, uid)
                ) WITHOUT ROWID;
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    campaign TEXT NOT NULL,
                    occurrence TEXT NOT NULL,
                    uid INTEGER NOT NULL,
                    variant TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    address TEXT NOT NULL,
                    send_at INTEGER NOT NULL,
                    priority INTEGER NOT NULL,
                    cost_minor INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    reason TEXT,
                    response TEXT,
                    sent_at INTEGER,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX outbox_due ON outbox(status, next_attempt_at) WHERE status = 'pending';
                CREATE INDEX outbox_campaign ON outbox(campaign, status);
                CREATE INDEX outbox_user ON outbox(uid, sent_at) WHERE status IN ('sent', 'sending');
                CREATE TABLE suppressions (
                    channel TEXT NOT NULL,
                    address TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (channel, address)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v7 channel settings and inbox") { db in
            try db.execute(sql: """
                CREATE TABLE channel_settings (
                    kind TEXT PRIMARY KEY,
                    settings TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE inbox (
                    id INTEGER PRIMARY KEY,
                    uid INTEGER NOT NULL,
                    key TEXT NOT NULL UNIQUE,
                    campaign TEXT NOT NULL,
                    variant TEXT NOT NULL,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    url TEXT,
                    created_at INTEGER NOT NULL,
                    read_at INTEGER,
                    clicked_at INTEGER
                );
                CREATE INDEX inbox_user ON inbox(uid, id);
                CREATE TABLE workspace_secrets (
                    name TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v8 campaign triggers") { db in
            try db.execute(sql: """
                CREATE TABLE campaign_triggers (
                    campaign TEXT NOT NULL,
                    event_id INTEGER NOT NULL,
                    uid INTEGER NOT NULL,
                    triggered_at INTEGER NOT NULL,
                    due_at INTEGER NOT NULL,
                    done INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (campaign, event_id)
                ) WITHOUT ROWID;
                CREATE INDEX campaign_triggers_due ON campaign_triggers(done, due_at);
                CREATE TABLE campaign_cursors (
                    campaign TEXT PRIMARY KEY,
                    last_event_id INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v9 campaign occurrences") { db in
            try db.execute(sql: """
                CREATE TABLE campaign_occurrences (
                    campaign TEXT NOT NULL,
                    occurrence TEXT NOT NULL,
                    planned_at INTEGER NOT NULL,
                    targeted INTEGER NOT NULL,
                    queued INTEGER NOT NULL,
                    PRIMARY KEY (campaign, occurrence)
                ) WITHOUT ROWID;
                CREATE TABLE message_events (
                    key TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (key, kind)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10 campaign reviews") { db in
            try db.execute(sql: """
                CREATE TABLE campaign_reviews (
                    campaign TEXT PRIMARY KEY,
                    lessons TEXT,
                    next_steps TEXT,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v11 campaign alerts") { db in
            try db.execute(sql: """
                CREATE TABLE campaign_alerts (
                    id INTEGER PRIMARY KEY,
                    campaign TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    message TEXT NOT NULL,
                    value REAL NOT NULL,
                    expected_low REAL NOT NULL,
                    expected_high REAL NOT NULL,
                    created_at INTEGER NOT NULL,
                    notified INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (campaign, kind, hour)
                );
                """)
        }
        migrator.registerMigration("v12 outbox queue order") { db in
            // Claims read pending messages by priority, then due time: an index in that order
            // lets them stop after a batch instead of sorting every pending message.
            try db.execute(sql: """
                DROP INDEX outbox_due;
                CREATE INDEX outbox_queue ON outbox(priority DESC, next_attempt_at, id) WHERE status = 'pending';
                """)
        }
        migrator.registerMigration("v13 published winners") { db in
            try db.execute(sql: """
                CREATE TABLE campaign_winners (
                    campaign TEXT NOT NULL,
                    rank INTEGER NOT NULL,
                    uid INTEGER NOT NULL,
                    masked_id TEXT NOT NULL,
                    score REAL NOT NULL,
                    reached_at INTEGER NOT NULL,
                    published_at INTEGER NOT NULL,
                    PRIMARY KEY (campaign, rank)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v14 staff accounts and sessions") { db in
            try db.execute(sql: """
                CREATE TABLE staff (
                    id INTEGER PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'analyst', 'viewer')),
                    password_hash TEXT NOT NULL,
                    failed_logins INTEGER NOT NULL DEFAULT 0,
                    locked_until INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE staff_sessions (
                    token_hash TEXT PRIMARY KEY,
                    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
                    csrf TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id);
                """)
        }
        migrator.registerMigration("v15 identities by external id") { db in
            // A profile is looked up by any of its ids without knowing the kind (the dashboard's and
            // the API's profile pages); the primary key leads with the kind.
            try db.execute(sql: "CREATE INDEX identities_external ON identities(external_id, kind)")
        }
        migrator.registerMigration("v16 merged profiles by survivor") { db in
            // The inbox (and a profile's messages) read the profiles merged into one; few are.
            try db.execute(sql: "CREATE INDEX users_merged_into ON users(merged_into) WHERE merged_into IS NOT NULL")
        }
        migrator.registerMigration("v17 the window rule each snapshot was taken with") { db in
            // Snapshots before this were taken as of the last millisecond of their day, counting
            // events up to and including it ('through_end_of_day'). That covers the same events as
            // the rule since ('before_as_of': as of the next local midnight, events strictly
            // before it), so their members stand; the column says which rule produced each row.
            try db.execute(sql: """
                ALTER TABLE layer_snapshots ADD COLUMN window_rule TEXT NOT NULL DEFAULT 'through_end_of_day'
                """)
        }
        migrator.registerMigration("v18 roles of secret keys") { db in
            // Secret keys act with a staff role; the keys made before roles keep what they could
            // do (admin). Write keys have none: they only send events.
            try db.execute(sql: "ALTER TABLE api_keys ADD COLUMN role TEXT")
            try db.execute(sql: "UPDATE api_keys SET role = 'admin' WHERE kind = 'secret'")
        }
        migrator.registerMigration("v19 authors of campaign versions") { db in
            // Who made each version: `staff:ID`, `key:ID`, `cli` or `system`; versions made before
            // authors were recorded say `unknown`.
            try db.execute(sql: "ALTER TABLE campaign_versions ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown'")
        }
        migrator.registerMigration("v20 the audit log") { db in
            // Append-only and hash-chained (see AuditEntry); the triggers refuse any change to a
            // stored entry, so only a hand edit of the file can, and the chain shows it.
            try db.execute(sql: """
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    address TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_log_actor ON audit_log(actor, id);
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("v21 erasure jobs, consent records") { db in
            // An erasure is a durable job: the request stores the profiles' ids and the keyed
            // digests of every id and address (`erased_ids`), so re-sent events and later sends
            // are refused, and the removal goes on in small transactions until `state` is done.
            // `delete_only` jobs drop their digests when they finish.
            try db.execute(sql: """
                CREATE TABLE erasures (
                    seq INTEGER PRIMARY KEY,
                    job TEXT NOT NULL UNIQUE,
                    mode TEXT NOT NULL CHECK (mode IN ('suppress', 'delete_only')),
                    state TEXT NOT NULL CHECK (state IN ('running', 'done')),
                    uids TEXT NOT NULL,
                    requested_by TEXT NOT NULL,
                    requested_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    step TEXT NOT NULL DEFAULT 'events',
                    position TEXT,
                    removed TEXT NOT NULL DEFAULT '{}'
                );
                CREATE TABLE erased_ids (
                    digest TEXT PRIMARY KEY,
                    job TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE consent_records (
                    id INTEGER PRIMARY KEY,
                    uid INTEGER,
                    address TEXT,
                    subject TEXT NOT NULL,
                    value TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source IN ('api', 'link', 'staff', 'import', 'system')),
                    reference TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX consent_records_uid ON consent_records(uid, id);
                CREATE INDEX consent_records_address ON consent_records(address) WHERE address IS NOT NULL;
                """)
        }
        migrator.registerMigration("v22 retention runs") { db in
            // Each application of the retention policy: when, up to when, and what it removed.
            try db.execute(sql: """
                CREATE TABLE retention_runs (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    event_cutoff INTEGER,
                    quarantine_cutoff INTEGER,
                    events INTEGER NOT NULL,
                    quarantined INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v23 the points ledger") { db in
            // Double entry: each transfer row is one debit and one credit; balances are cached on
            // the accounts (a user account's available balance may never go below zero, checked
            // here as well as in code); points live in lots until spent or expired. Transfers are
            // immutable: only a pending one may become completed or voided.
            try db.execute(sql: """
                CREATE TABLE ledger_accounts (
                    id INTEGER PRIMARY KEY,
                    uid INTEGER,
                    system TEXT,
                    currency TEXT NOT NULL CHECK (currency IN ('points', 'growth')),
                    balance INTEGER NOT NULL DEFAULT 0,
                    held INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
                    UNIQUE (uid, currency),
                    UNIQUE (system, currency),
                    CHECK ((uid IS NULL) <> (system IS NULL)),
                    CHECK (system IS NOT NULL OR balance - held >= 0)
                );
                CREATE TABLE ledger_transfers (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    debit INTEGER NOT NULL REFERENCES ledger_accounts(id),
                    credit INTEGER NOT NULL REFERENCES ledger_accounts(id),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    currency TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('posted', 'pending', 'completed', 'voided', 'released')),
                    related TEXT,
                    reason TEXT NOT NULL,
                    source TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    timeout_at INTEGER,
                    fingerprint TEXT NOT NULL
                );
                CREATE INDEX ledger_transfers_debit ON ledger_transfers(debit, seq);
                CREATE INDEX ledger_transfers_credit ON ledger_transfers(credit, seq);
                CREATE INDEX ledger_transfers_related ON ledger_transfers(related) WHERE related IS NOT NULL;
                CREATE INDEX ledger_transfers_holds ON ledger_transfers(timeout_at) WHERE state = 'pending';
                CREATE TRIGGER ledger_transfers_immutable BEFORE UPDATE ON ledger_transfers
                WHEN NOT (OLD.state = 'pending' AND NEW.state IN ('completed', 'voided') AND NEW.id = OLD.id
                          AND NEW.debit = OLD.debit AND NEW.credit = OLD.credit AND NEW.amount = OLD.amount
                          AND NEW.currency = OLD.currency)
                BEGIN SELECT RAISE(ABORT, 'ledger transfers are immutable'); END;
                CREATE TRIGGER ledger_transfers_no_delete BEFORE DELETE ON ledger_transfers
                BEGIN SELECT RAISE(ABORT, 'ledger transfers are immutable'); END;
                CREATE TABLE ledger_lots (
                    id INTEGER PRIMARY KEY,
                    account INTEGER NOT NULL REFERENCES ledger_accounts(id),
                    transfer_id TEXT NOT NULL,
                    source_lot INTEGER,
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
                    earned_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    expirations INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX ledger_lots_open ON ledger_lots(account, expires_at) WHERE remaining > 0;
                CREATE INDEX ledger_lots_due ON ledger_lots(expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;
                CREATE INDEX ledger_lots_source ON ledger_lots(source_lot) WHERE source_lot IS NOT NULL;
                CREATE TABLE ledger_allocations (
                    transfer_id TEXT NOT NULL,
                    lot INTEGER NOT NULL REFERENCES ledger_lots(id),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    PRIMARY KEY (transfer_id, lot)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v24 idempotent answers") { db in
            // Answers to requests sent with an Idempotency-Key, by the caller's scope (a key id),
            // replayed for 24 hours.
            try db.execute(sql: """
                CREATE TABLE idempotent_answers (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_digest TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (scope, key)
                ) WITHOUT ROWID;
                CREATE INDEX idempotent_answers_age ON idempotent_answers(created_at);
                """)
        }
        return migrator
    }
}
