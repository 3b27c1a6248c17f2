DROP TABLE profile_versions;
