create table job (
    id            uuid primary key,
    requester_id  text        not null,
    title         text        not null,
    status        text        not null,
    created_at    timestamptz not null default now()
);
create index job_requester on job (requester_id, created_at desc);
