-- Test-only migration (classpath:db/testmigration): proves Flyway runs against the database the
-- environment post-processor chose. The real schema lives in db/migration.
CREATE TABLE smoke_notes (id int PRIMARY KEY, note text NOT NULL);
INSERT INTO smoke_notes VALUES (1, 'migrated by flyway');
