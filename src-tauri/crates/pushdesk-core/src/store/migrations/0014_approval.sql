-- Approval (issue 17): on a shared store, a campaign above the team's threshold waits for
-- another sender's approval before it starts. Who approved it and when; a change to what was
-- approved (its schedule) clears both.
ALTER TABLE campaigns ADD COLUMN approved_by TEXT;
ALTER TABLE campaigns ADD COLUMN approved_at INTEGER;

-- The audit trail learns the approval and the team's changes. SQLite changes a CHECK only by
-- rebuilding the table; dropping the old one drops its append-only triggers (and fires none),
-- which are made again on the new one.
CREATE TABLE audit_new (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL, -- unix milliseconds
    actor        TEXT NOT NULL,    -- the person: the OS user of the desk, or the team login
    machine      TEXT NOT NULL,    -- the desk's host name
    action       TEXT NOT NULL CHECK (action IN (
                     'account_added', 'account_changed', 'account_removed', 'templates_synced',
                     'campaign_created', 'campaign_approved', 'campaign_started', 'campaign_resumed',
                     'campaign_resent', 'campaign_paused', 'campaign_cancelled', 'campaign_rescheduled',
                     'campaign_unscheduled', 'campaign_skipped', 'series_stopped',
                     'suppression_added', 'suppression_removed', 'log_exported',
                     'team_member_set', 'approval_threshold_set')),
    account_id   INTEGER,
    campaign_id  INTEGER,
    subject      TEXT NOT NULL,    -- the account's, campaign's or login's name at the time
    detail       TEXT NOT NULL     -- JSON: what else the action says (a filter, a row count)
) STRICT;
INSERT INTO audit_new (id, at, actor, machine, action, account_id, campaign_id, subject, detail)
    SELECT id, at, actor, machine, action, account_id, campaign_id, subject, detail FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_at ON audit(at DESC, id DESC);

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
