DROP TABLE agreement_feedback;
DROP TABLE agreements;
DROP INDEX agenda_items_meeting;
DROP TABLE agenda_items;
DROP TABLE answer_reviews;
DROP TABLE agenda_state;
