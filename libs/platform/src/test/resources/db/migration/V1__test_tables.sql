-- Tables of the test application that exercises the outbox and the inbox.
create table note (
    id    uuid primary key,
    text  text not null
);
create table applied_event (
    seq       bigserial primary key,
    event_id  uuid not null,
    job_id    uuid not null,
    title     text
);
