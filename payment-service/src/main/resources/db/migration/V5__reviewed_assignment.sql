-- The job and annotator of every assignment a review named, as first seen: a later verdict that names the
-- same assignment under another job or another annotator is refused (its review is dead-lettered).
create table reviewed_assignment (
    assignment_id  uuid primary key,
    job_id         uuid not null,
    worker_id      text not null
);
