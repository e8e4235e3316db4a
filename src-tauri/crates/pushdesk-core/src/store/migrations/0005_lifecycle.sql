-- Who is sending a campaign: the database, not a lock file, makes a second sender impossible.
-- A run takes a campaign by writing its run id here in the same transaction that checks the
-- campaign's state; every journal write of the run is conditional on this id (a fencing
-- token), so a run that lost the campaign can no longer mark or record a row.
ALTER TABLE campaigns ADD COLUMN run_id TEXT;
-- The sending process (JSON: host, boot id, pid, process start time), so another process can
-- tell a live sender from a dead one without trusting a file that a cleanup tool may delete.
ALTER TABLE campaigns ADD COLUMN run_process TEXT;
-- When the run last said it is alive (unix ms): the only sign of life a process on another
-- machine (a data directory on a shared drive) can check.
ALTER TABLE campaigns ADD COLUMN run_heartbeat_at INTEGER;

-- Recovery visits every campaign with rows in flight, whatever its status.
CREATE INDEX recipients_sending ON recipients(campaign_id) WHERE state = 'sending';

-- A recipient file read once: the rows the user confirms are the rows that are sent, even if
-- the file changes on disk afterwards. Settings (template, mapping, values, rate, ...) are
-- edited in place until the draft becomes a campaign, in one transaction that deletes it.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source      TEXT NOT NULL, -- JSON DraftSource: file name and path, or paste; format, encoding, delimiter
    headers     TEXT NOT NULL, -- JSON array of column names
    row_count   INTEGER NOT NULL,
    settings    TEXT NOT NULL, -- JSON DraftSettings
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE draft_rows (
    draft_id    INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    row_no      INTEGER NOT NULL, -- the row number the user sees in the file
    cells       TEXT NOT NULL,    -- JSON array of the row's cells, as text
    number_columns TEXT,          -- JSON array of the cells a workbook stored as numbers, if any
    PRIMARY KEY (draft_id, row_no)
) WITHOUT ROWID, STRICT;
