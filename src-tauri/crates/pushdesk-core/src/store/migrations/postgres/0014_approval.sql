-- Approval (issue 17): see the SQLite file of the same version. The rule itself (no start
-- without it, not by the campaign's author) is the team's: team.sql makes its trigger.
ALTER TABLE campaigns ADD COLUMN approved_by TEXT COLLATE "C";
ALTER TABLE campaigns ADD COLUMN approved_at BIGINT;

ALTER TABLE audit DROP CONSTRAINT audit_action_check;
ALTER TABLE audit ADD CONSTRAINT audit_action_check CHECK (action IN (
    'account_added', 'account_changed', 'account_removed', 'templates_synced',
    'campaign_created', 'campaign_approved', 'campaign_started', 'campaign_resumed',
    'campaign_resent', 'campaign_paused', 'campaign_cancelled', 'campaign_rescheduled',
    'campaign_unscheduled', 'campaign_skipped', 'series_stopped',
    'suppression_added', 'suppression_removed', 'log_exported',
    'team_member_set', 'approval_threshold_set'));
