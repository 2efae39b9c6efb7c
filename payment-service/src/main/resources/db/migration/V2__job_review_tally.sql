-- Verdicts seen per job, so that a completed job's escrow is released only after every one of its answers
-- was reviewed (and paid if accepted): crowd.jobs and crowd.quality are consumed independently, and after
-- a restart JobCompleted can arrive before the last AnswersReviewed of the same job.
create table job_review_tally (
    job_id            uuid primary key,
    verdicts          bigint not null default 0,
    answers_expected  bigint,
    completion_event  uuid,
    updated_at        timestamptz not null default now()
);
