-- The schemas of the warehouse. raw, core, audit and marts are a contract with reports and
-- analysts. intermediate holds the views the rules read (sql/intermediate/), built on core
-- before any rule runs, so that findings flow one way:
-- core → intermediate → rules → audit.findings → marts.
create schema if not exists raw;
create schema if not exists core;
create schema if not exists audit;
create schema if not exists intermediate;
create schema if not exists marts;
