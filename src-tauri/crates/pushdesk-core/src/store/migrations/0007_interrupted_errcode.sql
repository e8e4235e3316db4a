-- Requests cut off by a stop of Pushdesk were recorded with an English sentence as their errmsg
-- and the restart time as their time of answer. They now carry errcode -3 and neither (issue 18,
-- bug 5): no answer was read.
UPDATE attempts SET errcode = -3, errmsg = NULL, finished_at = NULL
 WHERE status = 'unknown' AND errcode IS NULL AND errmsg LIKE 'interrupted:%';
UPDATE recipients SET errcode = -3, reason = NULL
 WHERE state = 'unknown' AND errcode IS NULL AND reason LIKE 'interrupted:%';
