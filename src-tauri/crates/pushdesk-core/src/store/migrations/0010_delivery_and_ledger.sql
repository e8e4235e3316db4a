-- WeChat's event pushes (消息推送), as imported or received: delivery receipts and the
-- subscription popups and changes the ledger is built from. One row per List item.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN
                   ('sent', 'popup_accept', 'popup_reject', 'change_reject', 'template_job')),
    openid       TEXT NOT NULL,
    template_id  TEXT,
    msgid        TEXT,
    code         INTEGER,          -- ErrorCode (0 = delivered); for template jobs 0 = success
    status       TEXT,             -- ErrorStatus / SubscribeStatusString / Status, as pushed
    scene        INTEGER,          -- PopupScene
    created_at   INTEGER NOT NULL, -- CreateTime, unix ms (WeChat's clock)
    received_at  INTEGER NOT NULL, -- when Pushdesk stored it
    attempt_id   INTEGER,          -- the send a receipt was matched to
    digest       BLOB NOT NULL     -- SHA-1 of the push's fields: the same push twice is one row
) STRICT;
CREATE UNIQUE INDEX events_digest ON events(account_id, digest);
-- The ledger folds one (account, template, openid) at a time.
CREATE INDEX events_subscription ON events(account_id, template_id, openid, created_at)
    WHERE kind IN ('popup_accept', 'popup_reject', 'change_reject');
-- Receipts that found no send yet: tried again at the next intake (a receipt can arrive before
-- the run's journal commits the msgid it answered).
CREATE INDEX events_unmatched ON events(account_id, created_at)
    WHERE attempt_id IS NULL AND kind IN ('sent', 'template_job');

-- Delivery beside the outcome, never instead of it: what the receipt said and when.
ALTER TABLE attempts ADD COLUMN delivery TEXT CHECK (delivery IN ('delivered', 'delivery_failed'));
ALTER TABLE attempts ADD COLUMN delivery_code INTEGER;
ALTER TABLE attempts ADD COLUMN delivery_status TEXT;
ALTER TABLE attempts ADD COLUMN delivery_at INTEGER;
-- An `unknown` attempt a receipt showed WeChat accepted: now `sent`, and says why.
ALTER TABLE attempts ADD COLUMN confirmed_by_receipt INTEGER NOT NULL DEFAULT 0;
-- Only attempts with a receipt are in it, so the engine's writes never touch it.
CREATE INDEX attempts_delivery ON attempts(account_id, delivery, started_at DESC, id DESC)
    WHERE delivery IS NOT NULL;

ALTER TABLE recipients ADD COLUMN delivery TEXT CHECK (delivery IN ('delivered', 'delivery_failed'));
CREATE INDEX recipients_delivery ON recipients(campaign_id, delivery) WHERE delivery IS NOT NULL;

-- Grants counted elsewhere (`pushdesk ledger import`): the balance from this moment on.
CREATE TABLE ledger_counts (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    template_id  TEXT NOT NULL,
    openid       TEXT NOT NULL,
    count        INTEGER NOT NULL CHECK (count >= 0),
    set_at       INTEGER NOT NULL,
    PRIMARY KEY (account_id, template_id, openid)
) WITHOUT ROWID, STRICT;
