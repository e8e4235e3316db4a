-- Archived campaigns (issue 18) are kept with their log and report but left out of the
-- Campaigns page and the dashboard unless asked for. Only a campaign that will send nothing more
-- (finished, cancelled) may be archived.
ALTER TABLE campaigns ADD COLUMN archived_at INTEGER; -- unix milliseconds, NULL when not archived
