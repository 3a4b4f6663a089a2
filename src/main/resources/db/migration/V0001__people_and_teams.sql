-- identity: everyone who has logged in (or was synced from the directory)
create table people (
    username     varchar(255) primary key,
    subject      varchar(255) unique,
    display_name varchar(255) not null,
    email        varchar(320) not null default '',
    last_login   timestamp with time zone
);

-- tenancy: teams are the tenants; memberships follow the identity provider's groups
create table teams (
    id         bigint generated always as identity primary key,
    name       varchar(255) not null unique,
    created_at timestamp with time zone not null
);

create table team_memberships (
    id       bigint generated always as identity primary key,
    team_id  bigint not null references teams (id) on delete cascade,
    username varchar(255) not null,
    since    timestamp with time zone not null,
    unique (team_id, username)
);

create index team_memberships_username on team_memberships (username);
