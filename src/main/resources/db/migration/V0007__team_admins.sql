-- tenancy: team admins (from the directory: the team group's "team-admins" attribute)
alter table team_memberships add column team_admin boolean not null default false;
