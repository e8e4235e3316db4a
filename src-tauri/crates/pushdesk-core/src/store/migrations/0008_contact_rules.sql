-- Contact rules (issue 18). The suppression list: people an account must not message, whatever the campaign.
-- Added by hand, or, when the account's suppress_refusals is on, by a 43101 answer (the user
-- refused or has no subscription left). Every campaign made after they are added skips them.
CREATE TABLE suppressed (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    openid      TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('manual', 'refused')),
    note        TEXT NOT NULL, -- the user's words, or the template a refusal came from
    added_by    TEXT NOT NULL,
    added_at    INTEGER NOT NULL, -- unix milliseconds
    PRIMARY KEY (account_id, openid)
) WITHOUT ROWID, STRICT;
CREATE INDEX suppressed_added ON suppressed(account_id, added_at DESC);

ALTER TABLE accounts ADD COLUMN suppress_refusals INTEGER NOT NULL DEFAULT 0;

-- The frequency cap: at most cap_max messages to one openid within cap_days days (rolling), from
-- every campaign of the account; both NULL when the account has none.
ALTER TABLE accounts ADD COLUMN cap_max INTEGER;
ALTER TABLE accounts ADD COLUMN cap_days INTEGER;
