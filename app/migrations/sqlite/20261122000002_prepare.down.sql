DROP TABLE preparations;
DROP TABLE answers;
