-- The child's date of birth (`YYYY-MM-DD`), when the coordinator knows it. The age band is then
-- worked out on the day, in Dutch time; `age_band` keeps the band the daily job last saw (it
-- looks at a case's sent input again when the band changes), or the band chosen when the date is
-- not known.
ALTER TABLE cases ADD COLUMN birth_date TEXT;
-- The age band a parent or young person was last told about ("Je bent nu 16 …"): each birthday
-- that changes the rules is told once. Empty until their first visit after a date of birth is set.
ALTER TABLE memberships ADD COLUMN band_told TEXT NOT NULL DEFAULT '';
