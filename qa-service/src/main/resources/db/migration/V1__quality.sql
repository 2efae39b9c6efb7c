-- qa-service: jobs' label sets and overlap policies, gold, judgments, consensus state per item,
-- worker quality per job, annotators' standing, appeals.

create table qa_job (
    id                 uuid primary key,
    requester_id       text             not null,
    title              text             not null,
    labels             text             not null,  -- JSON array, in the requester's order (ties go to the first)
    min_judgments      integer          not null,
    max_judgments      integer          not null,
    target_confidence  double precision not null,
    status             text             not null,  -- ACTIVE | CANCELLED
    priors             text,                       -- JSON array of class priors from the last full estimation
    dirty              boolean          not null default false,
    estimated_at       timestamptz,
    created_at         timestamptz      not null default now()
);
create index qa_job_requester on qa_job (requester_id);
create index qa_job_dirty on qa_job (id) where dirty;

create table gold_label (
    item_id  uuid primary key,
    job_id   uuid not null references qa_job (id),
    label    text not null
);
create index gold_label_job on gold_label (job_id);

-- Consensus state of a (non-gold) item that has at least one judgment.
create table item_state (
    item_id         uuid primary key,
    job_id          uuid             not null references qa_job (id),
    status          text             not null,  -- OPEN | RESOLVED
    slots           integer          not null,  -- judgments asked for so far (policy minimum + requested)
    label           text,
    confidence      double precision,
    agreement       double precision,
    judgments       integer          not null default 0,
    posterior       text,                       -- JSON array over the job's labels
    method          text,
    method_version  text,
    low_confidence  boolean          not null default false,
    resolved_at     timestamptz
);
create index item_state_job on item_state (job_id, status);

create table judgment (
    id                 uuid primary key,
    job_id             uuid        not null references qa_job (id),
    item_id            uuid        not null,
    assignment_id      uuid        not null,
    worker_id          text        not null,
    label              text        not null,
    time_spent_millis  bigint      not null,
    gold               boolean     not null,
    excluded           boolean     not null default false,  -- a sanctioned annotator's answer: does not count
    verdict            text,                                -- null until reviewed | ACCEPTED | REJECTED
    reason             text,
    reviewed_at        timestamptz,
    created_at         timestamptz not null default now(),
    unique (assignment_id, item_id)
);
create index judgment_item on judgment (item_id);
create index judgment_job_worker on judgment (job_id, worker_id);
create index judgment_worker on judgment (worker_id);

create table worker_quality (
    id            uuid primary key,
    job_id        uuid             not null references qa_job (id),
    worker_id     text             not null,
    gold_correct  bigint           not null default 0,
    gold_total    bigint           not null default 0,
    agreed        bigint           not null default 0,
    reviewed      bigint           not null default 0,
    accuracy      double precision not null,
    confusion     text,                           -- JSON K x K from the last full estimation
    updated_at    timestamptz      not null default now(),
    unique (job_id, worker_id)
);
create index worker_quality_worker on worker_quality (worker_id);

-- Latest standing of an annotator from crowd.workers, so late answers of a sanctioned one do not count.
create table worker_standing (
    worker_id          text primary key,
    status             text not null,
    suspended_job_ids  text not null default '[]'  -- JSON array
);

create table appeal (
    id                uuid primary key,
    job_id            uuid        not null references qa_job (id),
    item_id           uuid        not null,
    assignment_id     uuid        not null,
    worker_id         text        not null,
    comment           text        not null,
    status            text        not null,  -- PENDING | UPHELD | DENIED
    decided_by        text,
    decision_comment  text,
    created_at        timestamptz not null default now(),
    decided_at        timestamptz,
    unique (assignment_id, item_id)
);
create index appeal_status on appeal (status, created_at);
create index appeal_worker on appeal (worker_id, created_at);
