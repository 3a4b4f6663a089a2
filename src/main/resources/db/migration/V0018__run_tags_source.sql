-- issue 19 item 9: like run_params, a tag records who set it: the portal at submit ('submit') or the
-- job later ('job'). A job may not change what the portal recorded. Tags stored before were set by
-- either; the portal's own names (template, routing) are refused by name anyway.
alter table run_tags add column source varchar(8) not null default 'job';
