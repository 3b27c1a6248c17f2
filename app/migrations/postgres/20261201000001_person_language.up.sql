-- The language a person chose in the menu (nl, en, ar, tr, pl, uk), for texts sent to them:
-- email and the calendar file. Empty until they choose.
ALTER TABLE people ADD COLUMN language TEXT;
