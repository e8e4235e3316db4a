-- Team roles on a shared store, made by `pushdesk team init` as the database's owner. Safe to
-- run again (after an upgrade adds tables, say): every statement replaces or re-grants.
--
-- Four group roles, each a member of the one below it, so a privilege is granted once:
--   pushdesk_viewer  reads everything, writes only the audit trail (an export is audited)
--   pushdesk_author  also drafts, creates campaigns, syncs templates, sends test campaigns
--   pushdesk_sender  also starts, pauses, resumes, cancels, schedules; do-not-contact list
--   pushdesk_admin   also accounts and settings (the approval threshold among them)
-- A person's login is made a member of one of them (`pushdesk team add`). Nobody but the owner
-- may change or remove an audit entry: no role is granted UPDATE, DELETE or TRUNCATE on it, and
-- the schema's triggers refuse them even to the owner.

DO $$
DECLARE
    role text;
BEGIN
    FOREACH role IN ARRAY ARRAY['pushdesk_viewer', 'pushdesk_author', 'pushdesk_sender', 'pushdesk_admin'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role);
        END IF;
    END LOOP;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO pushdesk_viewer', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO pushdesk_viewer', current_schema());
END
$$;

GRANT pushdesk_viewer TO pushdesk_author;
GRANT pushdesk_author TO pushdesk_sender;
GRANT pushdesk_sender TO pushdesk_admin;

GRANT INSERT ON audit TO pushdesk_viewer;

GRANT INSERT, UPDATE, DELETE ON drafts, draft_rows TO pushdesk_author;
GRANT INSERT, UPDATE, DELETE ON templates TO pushdesk_author;
GRANT UPDATE (templates_synced_at) ON accounts TO pushdesk_author;
GRANT INSERT, UPDATE ON campaigns, recipients TO pushdesk_author;
GRANT INSERT, UPDATE, DELETE ON attempts TO pushdesk_author;
GRANT INSERT, UPDATE ON unsubscribed TO pushdesk_author;

GRANT DELETE ON campaigns, recipients TO pushdesk_sender;
GRANT INSERT, UPDATE, DELETE ON series, suppressed, ledger_counts, events TO pushdesk_sender;

GRANT INSERT, UPDATE, DELETE ON accounts, settings TO pushdesk_admin;

-- Table privileges cannot tell a test send from a real one, nor creating a campaign from
-- starting it: an author holds UPDATE on campaigns (to set its total) and writes attempts (of
-- test sends). These triggers refuse the rest to anyone below sender, whatever client asks.
CREATE OR REPLACE FUNCTION pushdesk_is_sender() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'pushdesk_sender', 'MEMBER')
        OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper)
        OR EXISTS (SELECT 1 FROM pg_tables
                    WHERE schemaname = current_schema() AND tablename = 'campaigns'
                      AND tableowner = current_user)
$$;

CREATE OR REPLACE FUNCTION pushdesk_only_senders_send() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    campaign bigint;
    kind text;
BEGIN
    IF pushdesk_is_sender() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_TABLE_NAME = 'campaigns' THEN
        -- Setting a campaign's total, name or archive mark is not sending it.
        IF TG_OP = 'UPDATE' AND OLD.kind <> 'test'
           AND NEW.status IS NOT DISTINCT FROM OLD.status
           AND NEW.run_id IS NOT DISTINCT FROM OLD.run_id
           AND NEW.requested IS NOT DISTINCT FROM OLD.requested
           AND NEW.scheduled_at IS NOT DISTINCT FROM OLD.scheduled_at
           AND NEW.approved_by IS NOT DISTINCT FROM OLD.approved_by
           AND NEW.kind = OLD.kind THEN
            RETURN NEW;
        END IF;
        kind := COALESCE(NEW.kind, OLD.kind);
        IF TG_OP = 'UPDATE' AND OLD.kind <> NEW.kind THEN
            kind := 'changed';
        END IF;
    ELSE
        campaign := COALESCE(NEW.campaign_id, OLD.campaign_id);
        SELECT c.kind INTO kind FROM campaigns c WHERE c.id = campaign;
    END IF;
    IF kind IS DISTINCT FROM 'test' THEN
        RAISE EXCEPTION 'only a sender may send, pause, resume or cancel a campaign (%)', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$;

CREATE OR REPLACE TRIGGER campaigns_only_senders_send BEFORE UPDATE OR DELETE ON campaigns
    FOR EACH ROW EXECUTE FUNCTION pushdesk_only_senders_send();
CREATE OR REPLACE TRIGGER recipients_only_senders_send BEFORE UPDATE OR DELETE ON recipients
    FOR EACH ROW EXECUTE FUNCTION pushdesk_only_senders_send();
CREATE OR REPLACE TRIGGER attempts_only_senders_send BEFORE INSERT OR UPDATE OR DELETE ON attempts
    FOR EACH ROW EXECUTE FUNCTION pushdesk_only_senders_send();

-- Approval: a campaign above the team's threshold (recipients, `settings`) starts only once a
-- sender who is not its author approved it, as their own login; what was approved (its time,
-- message, template, account) does not change under the approval. The store asks the same and
-- says why; this refuses it to any other client.
INSERT INTO settings (key, value) VALUES ('approval_threshold', '1000') ON CONFLICT (key) DO NOTHING;

CREATE OR REPLACE FUNCTION pushdesk_approval() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    threshold bigint;
BEGIN
    IF NEW.approved_by IS NOT NULL AND NEW.approved_by IS DISTINCT FROM OLD.approved_by
       AND (NEW.approved_by <> CAST(session_user AS text) OR NEW.approved_by = NEW.created_by
            OR NOT pushdesk_is_sender()) THEN
        RAISE EXCEPTION 'campaign % is approved only by another sender, as their own login', NEW.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.approved_by IS NOT NULL AND NEW.approved_by IS NOT DISTINCT FROM OLD.approved_by
       AND OLD.status IN ('ready', 'scheduled', 'missed')
       AND (NEW.scheduled_at IS DISTINCT FROM OLD.scheduled_at OR NEW.message <> OLD.message
            OR NEW.template_id <> OLD.template_id OR NEW.account_id <> OLD.account_id) THEN
        RAISE EXCEPTION 'campaign % was approved as it was: a change needs a new approval', NEW.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.status IN ('ready', 'scheduled', 'missed') AND NEW.status IN ('running', 'waiting_window')
       AND NEW.kind = 'campaign' AND NEW.approved_by IS NULL THEN
        SELECT CAST(value AS bigint) INTO threshold FROM settings WHERE key = 'approval_threshold';
        IF threshold IS NOT NULL
           AND (SELECT count(*) FROM recipients WHERE campaign_id = NEW.id) > threshold THEN
            RAISE EXCEPTION 'campaign % needs approval before it starts', NEW.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER campaigns_need_approval BEFORE UPDATE ON campaigns
    FOR EACH ROW EXECUTE FUNCTION pushdesk_approval();
