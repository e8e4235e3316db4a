-- Scheduled and recurring campaigns, send windows (issue 15).
--
-- A recurring campaign is a series: its rule, its zone and where each run's audience comes
-- from. Each run is a campaign of its own (its own log, report and counts) linked to it.
CREATE TABLE series (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts(id),
    name              TEXT NOT NULL,
    repeat            TEXT NOT NULL, -- "daily 10:00", "weekly MON,THU 10:00", "cron 0 10 * * 1"
    timezone          TEXT NOT NULL, -- IANA zone the rule is read in
    audience          TEXT NOT NULL CHECK (audience IN ('reread', 'reuse')),
    source            TEXT,          -- JSON: the file, how it was read and the draft's choices (reread)
    first_campaign_id INTEGER,       -- the first run: its message and settings, its rows (reuse)
    next_run_at       INTEGER,       -- unix ms; NULL once stopped or when the rule never fires again
    stopped_at        INTEGER,
    created_by        TEXT NOT NULL,
    created_at        INTEGER NOT NULL
) STRICT;

-- The status CHECK gains the states of a schedule: SQLite cannot alter a CHECK, so the table is
-- rebuilt (foreign keys are off while migrations run, and checked after each one).
CREATE TABLE campaigns_new (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    kind             TEXT NOT NULL CHECK (kind IN ('single', 'test', 'campaign')),
    name             TEXT NOT NULL,
    template_id      TEXT NOT NULL,
    template_title   TEXT NOT NULL,
    message          TEXT NOT NULL, -- JSON MessageSpec: values (may hold {{placeholders}}), page, state, lang
    status           TEXT NOT NULL CHECK (status IN ('ready', 'scheduled', 'running', 'waiting_window',
                       'paused', 'stopped', 'missed', 'cancelled', 'finished')),
    status_reason    TEXT,          -- JSON: why it paused or stopped (catalogue failure, or "interrupted")
    requested        TEXT CHECK (requested IN ('pause', 'cancel')), -- asked by another process (CLI)
    rate             INTEGER NOT NULL, -- messages per second, never exceeded in any 1 s window
    concurrency      INTEGER NOT NULL,
    total            INTEGER NOT NULL DEFAULT 0,
    parent_id        INTEGER REFERENCES campaigns(id), -- "resend failed/unknown" links to the original
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL, -- unix milliseconds
    started_at       INTEGER,
    finished_at      INTEGER,
    run_id           TEXT,
    run_process      TEXT,
    run_heartbeat_at INTEGER,
    archived_at      INTEGER,
    scheduled_at     INTEGER,       -- unix ms: when it is due to start
    window_start     INTEGER,       -- send window, minutes after local midnight; NULL: any hour
    window_end       INTEGER,
    timezone         TEXT,          -- IANA zone the time and the window are read in
    grace_minutes    INTEGER NOT NULL DEFAULT 60,
    resume_at        INTEGER,       -- unix ms: when a campaign waiting for its window goes on
    series_id        INTEGER REFERENCES series(id)
) STRICT;

INSERT INTO campaigns_new (id, account_id, kind, name, template_id, template_title, message, status,
        status_reason, requested, rate, concurrency, total, parent_id, created_by, created_at, started_at,
        finished_at, run_id, run_process, run_heartbeat_at, archived_at)
    SELECT id, account_id, kind, name, template_id, template_title, message, status,
        status_reason, requested, rate, concurrency, total, parent_id, created_by, created_at, started_at,
        finished_at, run_id, run_process, run_heartbeat_at, archived_at
    FROM campaigns;
DROP TABLE campaigns;
ALTER TABLE campaigns_new RENAME TO campaigns;
CREATE INDEX campaigns_account ON campaigns(account_id, id);
-- What the scheduler looks for every few seconds.
CREATE INDEX campaigns_due ON campaigns(status, scheduled_at) WHERE status IN ('scheduled', 'waiting_window');
CREATE INDEX campaigns_series ON campaigns(series_id, id) WHERE series_id IS NOT NULL;
