-- An account is a mini program (subscribe messages) or an Official Account (template messages).
-- Every account before this one was a mini program.
ALTER TABLE accounts ADD COLUMN kind TEXT NOT NULL DEFAULT 'mini_program'
    CHECK (kind IN ('mini_program', 'official_account'));

-- An Official Account's bound mini programs its template messages may open: a JSON array of
-- AppIDs, empty for a mini program.
ALTER TABLE accounts ADD COLUMN mini_programs TEXT NOT NULL DEFAULT '[]';

-- What a campaign sends, fixed when it is made (an account's kind never changes, but the log
-- keeps campaigns of accounts since removed): a filter of the send log and a column of exports.
ALTER TABLE campaigns ADD COLUMN channel TEXT NOT NULL DEFAULT 'subscribe_message'
    CHECK (channel IN ('subscribe_message', 'template_message'));
