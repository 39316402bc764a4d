-- The four schemas of the warehouse. Their names are a contract with reports and analysts.
create schema if not exists raw;
create schema if not exists core;
create schema if not exists audit;
create schema if not exists marts;
