-- An address is one account however it is capitalised: a second account for "Kim@x.nl" next to
-- "kim@x.nl" is refused by the database itself, also when two requests race. It also serves the
-- sign-in lookup, which compares lower-cased addresses.
CREATE UNIQUE INDEX people_email_lower ON people(lower(email));
