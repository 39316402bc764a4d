-- The four schemas of the warehouse. Their names are a contract with reports and analysts.
-- A fifth, intermediate, holds the views the rules read (sql/intermediate/): built on core before any
-- rule runs, so that findings flow one way: core → intermediate → rules → audit.findings → marts.
create schema if not exists raw;
create schema if not exists core;
create schema if not exists audit;
create schema if not exists intermediate;
create schema if not exists marts;
