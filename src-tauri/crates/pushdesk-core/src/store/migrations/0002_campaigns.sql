-- A campaign is one message sent to a list of recipients. Single and test sends are campaigns
-- of kind 'single' / 'test', so every send ever made has one log model.
CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    kind            TEXT NOT NULL CHECK (kind IN ('single', 'test', 'campaign')),
    name            TEXT NOT NULL,
    template_id     TEXT NOT NULL,
    template_title  TEXT NOT NULL,
    message         TEXT NOT NULL, -- JSON MessageSpec: values (may hold {{placeholders}}), page, state, lang
    status          TEXT NOT NULL CHECK (status IN ('ready', 'running', 'paused', 'stopped', 'cancelled', 'finished')),
    status_reason   TEXT,          -- JSON: why it paused or stopped (catalogue failure, or "interrupted")
    requested       TEXT CHECK (requested IN ('pause', 'cancel')), -- asked by another process (CLI)
    rate            INTEGER NOT NULL, -- messages per second, never exceeded in any 1 s window
    concurrency     INTEGER NOT NULL,
    total           INTEGER NOT NULL DEFAULT 0,
    parent_id       INTEGER REFERENCES campaigns(id), -- "resend failed/unknown" links to the original
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL, -- unix milliseconds
    started_at      INTEGER,
    finished_at     INTEGER
) STRICT;
CREATE INDEX campaigns_account ON campaigns(account_id, id);

-- The audience snapshot: one row per recipient, with the keyword values rendered for it.
CREATE TABLE recipients (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    row_no       INTEGER NOT NULL, -- the row in the user's file (1 = first data row)
    openid       TEXT NOT NULL,
    data         TEXT NOT NULL,    -- JSON object keyword key -> rendered value
    state        TEXT NOT NULL CHECK (state IN
                   ('pending', 'sending', 'sent', 'not_subscribed', 'failed', 'unknown', 'skipped', 'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    errcode      INTEGER,
    reason       TEXT,             -- skip reason or last error text
    msgid        TEXT,             -- WeChat's msgid, exact digits
    origin_id    INTEGER REFERENCES recipients(id), -- the row this one resends
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX recipients_work ON recipients(campaign_id, state, id);

-- The send log: every attempt ever made, written before the request leaves ('sending') and
-- completed when it returns.
CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY,
    recipient_id  INTEGER NOT NULL REFERENCES recipients(id) ON DELETE CASCADE,
    campaign_id   INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    account_id    INTEGER NOT NULL,
    template_id   TEXT NOT NULL,
    openid        TEXT NOT NULL,
    attempt_no    INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN
                    ('sending', 'sent', 'not_subscribed', 'failed', 'unknown', 'retry')),
    errcode       INTEGER,
    errmsg        TEXT,
    rid           TEXT,
    msgid         TEXT,
    request       TEXT NOT NULL, -- JSON body as sent, without the access token
    response      TEXT,          -- JSON body as received, or the transport failure
    started_at    INTEGER NOT NULL, -- unix milliseconds
    finished_at   INTEGER
) STRICT;
-- Newest first, scoped by account: the log's default view and keyset pagination.
CREATE INDEX attempts_account_time ON attempts(account_id, started_at DESC, id DESC);
CREATE INDEX attempts_time ON attempts(started_at DESC, id DESC);
CREATE INDEX attempts_campaign ON attempts(campaign_id, id);
CREATE INDEX attempts_openid ON attempts(openid, id);
CREATE INDEX attempts_recipient ON attempts(recipient_id, attempt_no);

-- openids that answered 43101 for a template: flagged on the next import.
CREATE TABLE unsubscribed (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    template_id  TEXT NOT NULL,
    openid       TEXT NOT NULL,
    seen_at      INTEGER NOT NULL,
    PRIMARY KEY (account_id, template_id, openid)
) WITHOUT ROWID, STRICT;
