-- Retention of a closed case. 'retention_warned_at': when the family was told that the case's
-- words will be erased (a month before). 'content_erased_at': when its answers, topics,
-- agreements, plan and "Dit is …" were erased; the case, who sat at the table, the meetings'
-- dates and the access log stay (the access log has its own, longer, retention).
ALTER TABLE cases ADD COLUMN retention_warned_at INTEGER;
ALTER TABLE cases ADD COLUMN content_erased_at INTEGER;
