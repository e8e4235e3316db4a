-- The audit trail (issue 17): who did what, when, from which machine. Append-only: the triggers
-- refuse every UPDATE and DELETE, whoever asks (on PostgreSQL, privileges will say the same).
-- No foreign keys: an entry outlives the account or campaign it names, so `subject` keeps the
-- name it had.
CREATE TABLE audit (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL, -- unix milliseconds
    actor        TEXT NOT NULL,    -- the person: the OS user of the desk
    machine      TEXT NOT NULL,    -- the desk's host name
    action       TEXT NOT NULL CHECK (action IN (
                     'account_added', 'account_changed', 'account_removed', 'templates_synced',
                     'campaign_created', 'campaign_started', 'campaign_resumed', 'campaign_resent',
                     'campaign_paused', 'campaign_cancelled', 'campaign_rescheduled',
                     'campaign_unscheduled', 'campaign_skipped', 'series_stopped',
                     'suppression_added', 'suppression_removed', 'log_exported')),
    account_id   INTEGER,
    campaign_id  INTEGER,
    subject      TEXT NOT NULL,    -- the account's or campaign's name at the time
    detail       TEXT NOT NULL     -- JSON: what else the action says (a filter, a row count)
) STRICT;
CREATE INDEX audit_at ON audit(at DESC, id DESC);

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
