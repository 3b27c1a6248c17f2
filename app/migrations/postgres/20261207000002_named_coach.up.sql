-- "Alleen de gezinscoach" names the coach: an answer, a part of "Dit is …" or a note on an
-- agreement kept for the coach is kept for that one person (coach_id), not for every coach at
-- the table. A coach who joins later does not read it unless its author says so.
ALTER TABLE answers ADD COLUMN coach_id BIGINT;
ALTER TABLE profile_versions ADD COLUMN coach_id BIGINT;
ALTER TABLE agreement_updates ADD COLUMN coach_id BIGINT;
-- The coach a family member was last asked about ("Mag Mark ook lezen wat u eerder alleen met
-- Joyce deelde?"): asked once per new coach.
ALTER TABLE memberships ADD COLUMN coach_asked BIGINT;
-- What was kept for the coach so far belongs to the coach who sits at the table now (the one
-- who came last), as every coach there could read it until now.
UPDATE answers SET coach_id = (
    SELECT m.person_id FROM memberships m JOIN meetings mt ON mt.case_id = m.case_id
    WHERE mt.id = answers.meeting_id AND m.role = 'mediator' AND m.removed_at IS NULL
    ORDER BY m.created_at DESC, m.person_id DESC LIMIT 1)
  WHERE sharing = 'mediator';
UPDATE profile_versions SET coach_id = (
    SELECT m.person_id FROM memberships m
    WHERE m.case_id = profile_versions.case_id AND m.role = 'mediator' AND m.removed_at IS NULL
    ORDER BY m.created_at DESC, m.person_id DESC LIMIT 1)
  WHERE sharing = 'mediator';
UPDATE agreement_updates SET coach_id = (
    SELECT m.person_id FROM memberships m
    JOIN meetings mt ON mt.case_id = m.case_id
    JOIN agreements a ON a.meeting_id = mt.id
    WHERE a.id = agreement_updates.agreement_id AND m.role = 'mediator' AND m.removed_at IS NULL
    ORDER BY m.created_at DESC, m.person_id DESC LIMIT 1)
  WHERE sharing = 'mediator';
-- Everyone has been asked about the coach there is now.
UPDATE memberships SET coach_asked = (
    SELECT c.person_id FROM memberships c
    WHERE c.case_id = memberships.case_id AND c.role = 'mediator' AND c.removed_at IS NULL
    ORDER BY c.created_at DESC, c.person_id DESC LIMIT 1);
