-- When an account's templates were last synced. Kept on the account because a sync that finds
-- no template leaves no template row to carry the time, and the page would say "never synced".
ALTER TABLE accounts ADD COLUMN templates_synced_at TEXT;

UPDATE accounts SET templates_synced_at =
    (SELECT MAX(synced_at) FROM templates WHERE templates.account_id = accounts.id);
