-- Events about a job that arrived before its JobSubmitted (topics are not ordered with each other,
-- e.g. when the service catches up after downtime); replayed when the job arrives.
create table parked_event (
    seq        bigserial primary key,
    event_id   uuid        not null unique,
    job_id     uuid        not null,
    topic      text        not null,
    payload    text        not null,
    parked_at  timestamptz not null default now()
);
create index parked_event_job on parked_event (job_id, seq);
