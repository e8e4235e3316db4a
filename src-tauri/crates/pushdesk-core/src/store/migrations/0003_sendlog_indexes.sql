-- The send log's filters, each served by an index whose leading columns are the filter's
-- equality columns followed by the log order (started_at DESC, id DESC): a page is an index
-- walk that stops after `limit` rows, never a sort. See docs/sendlog-indexes.md.

-- Campaign filter in log order (attempts_campaign is (campaign_id, id), which would sort).
CREATE INDEX attempts_campaign_time ON attempts(campaign_id, started_at DESC, id DESC);
-- Template filter.
CREATE INDEX attempts_template_time ON attempts(template_id, started_at DESC, id DESC);
-- Status filter, one status at a time (the log merges several); also counts by status
-- from the index alone.
CREATE INDEX attempts_status_time ON attempts(status, started_at DESC, id DESC);
-- The most common pair: one account's failures (or not-subscribed, or unknown).
CREATE INDEX attempts_account_status_time ON attempts(account_id, status, started_at DESC, id DESC);
-- Errcode filter ("every 43101").
CREATE INDEX attempts_errcode_time ON attempts(errcode, started_at DESC, id DESC);
