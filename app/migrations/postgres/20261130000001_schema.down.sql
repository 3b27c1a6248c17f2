-- Removes the whole schema (children before parents).
DROP TABLE passkeys, portal_meta, account_notices, flashes, membership_events, sync_consent,
    sync_state, sync_conflicts, sync_links, sync_outbox, agreement_feedback, agreements,
    plan_actions, goal_progress, goals, offer_links, school_offers, case_school, school_staff,
    schools, agenda_items, answer_reviews, agenda_state, preparations, answers, audit_log,
    sign_in_failures, sessions, invitations, meeting_invitees, meetings, memberships, cases,
    people;
