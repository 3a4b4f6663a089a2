-- issue 19 item 10: a sweep's trials no longer get their run tokens in the array's script. The
-- array's environment carries one claim secret per sweep (stored here as its SHA-256); each running
-- task exchanges it, once, for its own trial's token (docs/adr/0017-sweep-trials-claim-their-own-token.md).
alter table sweeps add column claim_hash varchar(64);
-- a trial has no token until its task claims it
alter table runs alter column token_hash drop not null;
alter table runs add column token_claimed_at timestamp with time zone;
alter table runs add column token_claimed_by_job bigint;
