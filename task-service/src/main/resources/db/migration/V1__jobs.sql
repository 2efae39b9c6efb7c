-- Jobs, their items (gold included), micro-jobs, leased assignments, answers, and the local
-- projection of annotators' eligibility (from crowd.workers).

create table job (
    id                  uuid primary key,
    requester_id        text        not null,
    title               text        not null,
    instructions        text        not null default '',
    task_type           text        not null,
    labels              text        not null,          -- JSON array of {key, displayName, hotkey}
    min_judgments       int         not null,
    max_judgments       int         not null,
    target_confidence   double precision not null,
    currency            text        not null,
    reward_amount       bigint      not null,           -- per judgment, Money minor units (1/10,000)
    fee_amount          bigint,                         -- per judgment, set when priced
    budget_amount       bigint,                         -- set when priced
    max_total_judgments bigint,                         -- set when priced
    micro_job_size      int         not null,
    lease_seconds       int         not null,
    gold_per_micro_job  int         not null,
    min_trust           int         not null,
    skills              text        not null,           -- JSON array
    qualifications      text        not null,           -- JSON array
    deadline            timestamptz,
    status              text        not null,
    status_reason       text,
    shortfall_amount    bigint,
    item_count          bigint      not null default 0,
    gold_count          bigint      not null default 0,
    resolved_count      bigint      not null default 0,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    activated_at        timestamptz,
    completed_at        timestamptz
);
create index job_requester on job (requester_id, created_at desc);
create index job_active on job (created_at) where status = 'ACTIVE';

-- One row per item; gold items carry their known label and are never shown as such to annotators.
create table item (
    id              uuid primary key,
    job_id          uuid    not null references job (id),
    seq             bigint  not null,
    external_id     text,
    data            jsonb   not null,
    gold_label      text,
    extra_granted   int     not null default 0,     -- slots opened beyond overlap.min (<= max - min)
    resolved_label  text,
    confidence      double precision,
    agreement       double precision,
    judgments       int,
    method          text,
    low_confidence  boolean,
    resolved_at     timestamptz,
    unique (job_id, seq)
);
create index item_gold on item (job_id) where gold_label is not null;

-- A group of regular items leased together; slots live in Redis, the grouping here.
create table micro_job (
    id        bigserial primary key,
    job_id    uuid   not null references job (id),
    item_ids  text   not null,    -- comma-separated item ids, in order
    slots     int    not null     -- judgment slots this group was opened with
);
create index micro_job_job on micro_job (job_id, id);

create table assignment (
    id              uuid primary key,
    job_id          uuid        not null references job (id),
    micro_job_id    bigint      not null references micro_job (id),
    worker_id       text        not null,
    status          text        not null,
    item_ids        text        not null,   -- comma-separated, gold mixed in, as shown to the annotator
    gold_count      int         not null,
    leased_at       timestamptz not null,
    lease_ends_at   timestamptz not null,
    ended_at        timestamptz,
    answers_digest  text
);
create index assignment_expiring on assignment (lease_ends_at) where status = 'ACTIVE';
create index assignment_worker on assignment (worker_id, leased_at desc);

create table answer (
    assignment_id   uuid    not null references assignment (id),
    item_id         uuid    not null,
    job_id          uuid    not null,
    worker_id       text    not null,
    label           text    not null,
    time_spent_ms   bigint  not null,
    primary key (assignment_id, item_id)
);
-- Progress counts answers per job (no hot counter on the job row: submits would queue on its lock).
create index answer_job on answer (job_id);

-- Eligibility projection of crowd.workers (latest state per annotator).
create table worker_profile (
    worker_id          text primary key,
    status             text        not null,
    trust              int         not null,
    skills             text        not null,   -- JSON array
    qualifications     text        not null,   -- JSON array
    suspended_job_ids  text        not null,   -- JSON array
    reason             text,
    updated_at         timestamptz not null
);
