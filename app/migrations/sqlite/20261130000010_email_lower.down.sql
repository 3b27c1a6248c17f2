DROP INDEX people_email_lower;
