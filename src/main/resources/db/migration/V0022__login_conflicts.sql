-- identity: a person is their OIDC subject (issue 19, docs/adr/0016-people-are-their-oidc-subject.md).
-- A login (or directory sync) that finds a user name bound to another subject, or its subject under
-- another user name, is refused and recorded here until a portal admin resolves it.
create table login_conflicts (
    username       varchar(255) primary key,
    new_subject    varchar(255) not null,
    known_subject  varchar(255),            -- the subject the portal has for this user name, if any
    held_by        varchar(255),            -- the user name the portal has for new_subject, if another
    display_name   varchar(255) not null,
    seen_at        timestamp with time zone not null
);
