-- worker-service: annotator profiles, skills, qualifications with tests, trust, quality rules, sanctions.

-- The skill catalogue annotators pick from (and jobs can require).
create table skill (
    code         text primary key,
    name         text not null
);
insert into skill (code, name) values
    ('image-classification', 'Image classification'),
    ('bounding-boxes', 'Bounding boxes'),
    ('image-segmentation', 'Image segmentation'),
    ('text-classification', 'Text classification'),
    ('sentiment', 'Sentiment analysis'),
    ('named-entities', 'Named entities / text spans'),
    ('transcription', 'Audio transcription'),
    ('audio-tagging', 'Audio tagging'),
    ('video-tagging', 'Video tagging'),
    ('translation', 'Translation'),
    ('content-moderation', 'Content moderation'),
    ('medical', 'Medical domain knowledge'),
    ('legal', 'Legal domain knowledge');

-- One annotator; the id is the Keycloak subject. Sets are JSON arrays kept as text (Hibernate Reactive
-- cannot read top-level jsonb arrays); queries cast them to jsonb.
create table worker (
    id              text primary key,
    display_name    text        not null,
    languages       text        not null,
    skills          text        not null,
    country         text,
    timezone        text,
    status          text        not null,
    status_reason   text,
    trust           integer     not null,
    version         bigint      not null default 0,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index worker_status_trust on worker (status, trust desc);
create index worker_skills on worker using gin ((skills::jsonb));

create table qualification (
    id                    uuid primary key,
    code                  text        not null unique,
    name                  text        not null,
    description           text,
    owner_id              text        not null,
    pass_mark             integer     not null check (pass_mark between 1 and 100),
    retake_cooldown_hours integer     not null check (retake_cooldown_hours >= 0),
    validity_days         integer     check (validity_days > 0),
    questions             text        not null,
    created_at            timestamptz not null
);

-- Every test attempt with its score (kept, shown to the annotator).
create table qualification_attempt (
    id                uuid primary key,
    qualification_id  uuid        not null references qualification (id),
    worker_id         text        not null references worker (id),
    correct           integer     not null,
    total             integer     not null,
    score             integer     not null,
    passed            boolean     not null,
    taken_at          timestamptz not null
);
create index qualification_attempt_worker on qualification_attempt (worker_id, qualification_id, taken_at desc);

-- Granted qualifications (the latest pass wins; expired ones stop counting).
create table worker_qualification (
    worker_id         text        not null references worker (id),
    qualification_id  uuid        not null references qualification (id),
    code              text        not null,
    score             integer     not null,
    granted_at        timestamptz not null,
    expires_at        timestamptz,
    primary key (worker_id, qualification_id)
);
create index worker_qualification_code on worker_qualification (code);

-- The latest WorkerScored snapshot per annotator and job (qa-service sends running totals).
create table job_score (
    worker_id              text        not null references worker (id),
    job_id                 uuid        not null,
    gold_correct           bigint      not null,
    gold_total             bigint      not null,
    agreed                 bigint      not null,
    reviewed               bigint      not null,
    accuracy               double precision not null,
    median_millis_per_item bigint      not null,
    updated_at             timestamptz not null,
    primary key (worker_id, job_id)
);

-- Items reviewed per annotator and UTC day (for the daily cap of new annotators).
create table daily_volume (
    worker_id  text    not null references worker (id),
    day        date    not null,
    items      bigint  not null,
    primary key (worker_id, day)
);

-- Trust after each score, with its inputs: the annotator's trust history.
create table trust_record (
    id              bigserial primary key,
    worker_id       text        not null references worker (id),
    trust           integer     not null,
    gold_accuracy   double precision not null,
    agreement       double precision not null,
    volume          bigint      not null,
    job_id          uuid,
    recorded_at     timestamptz not null
);
create index trust_record_worker on trust_record (worker_id, id desc);

-- Quality rule sets: scope_key 'platform' or a job id. Missing rows fall back to configuration.
create table rule_set (
    scope_key   text primary key,
    rules       jsonb       not null,
    updated_by  text        not null,
    updated_at  timestamptz not null
);

-- Sanctions, automatic (rule) or manual. Active while lifted_at is null and not expired.
create table sanction (
    id           uuid primary key,
    worker_id    text        not null references worker (id),
    rule         text        not null,
    action       text        not null,
    scope        text        not null,
    job_id       uuid,
    reason       text        not null,
    evidence     jsonb       not null,
    created_by   text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz,
    lifted_at    timestamptz,
    lifted_by    text,
    lift_reason  text
);
create index sanction_worker on sanction (worker_id, created_at desc);
create index sanction_active on sanction (expires_at) where lifted_at is null;

-- Sign-in changes to make at the identity provider after commit (retried until done).
create table identity_action (
    id          bigserial primary key,
    worker_id   text        not null,
    enable      boolean     not null,
    created_at  timestamptz not null default now(),
    attempts    integer     not null default 0,
    last_error  text,
    done_at     timestamptz
);
create index identity_action_pending on identity_action (id) where done_at is null;

-- An annotator's appeal against a sanction; an admin accepts (lifts the sanction) or rejects it.
create table appeal (
    id            uuid primary key,
    sanction_id   uuid        not null references sanction (id),
    worker_id     text        not null references worker (id),
    message       text        not null,
    status        text        not null,
    created_at    timestamptz not null,
    resolved_at   timestamptz,
    resolved_by   text,
    resolution    text
);
create unique index appeal_open_per_sanction on appeal (sanction_id) where status = 'OPEN';
create index appeal_status on appeal (status, created_at);
