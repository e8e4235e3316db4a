-- The page a row's card opens, when the campaign's page has {{column}} placeholders and is
-- filled per row; NULL sends the page of the campaign's message.
ALTER TABLE recipients ADD COLUMN page TEXT;
