-- Annotators' standing as worker-service last announced it (WorkerProfileChanged on crowd.workers):
-- a SUSPENDED or BANNED annotator cannot request a payout; their balance is held. No row = ACTIVE.
create table worker_standing (
    worker_id   text        primary key,
    status      text        not null,
    reason      text,
    changed_at  timestamptz not null,
    event_id    uuid        not null
);
