-- The double-entry ledger. Amounts are bigint in 1/10,000 of the deployment's currency (Money.SCALE).
-- Sign convention: a line adds its amount to its account's balance; the lines of an entry sum to zero,
-- so all balances together always sum to zero. Accounts that hold money for someone (requester and
-- annotator available, escrow, payouts in transit, platform revenue) are >= 0; the external accounts
-- mirror money that entered (deposits, <= 0) or left (payouts, >= 0) the platform.

create table account (
    id          bigserial   primary key,
    kind        text        not null,
    owner       text        not null,  -- user id (requester/annotator), job id (escrow) or 'platform'
    currency    char(3)     not null,
    balance     bigint      not null default 0,
    created_at  timestamptz not null default now(),
    constraint account_kind_owner unique (kind, owner)
);

-- Append-only journal. seq is the position in the hash chain; hash = SHA-256(prev_hash + content).
create table journal_entry (
    seq              bigint      primary key,
    idempotency_key  text        not null unique,
    request_hash     text,       -- fingerprint of the API request that made it: a reused key with another body is refused
    kind             text        not null,
    job_id           uuid,
    memo             text,
    created_at       timestamptz not null,
    prev_hash        text        not null,
    hash             text        not null
);
create index journal_entry_job on journal_entry (job_id) where job_id is not null;

create table journal_line (
    id             bigserial primary key,
    entry_seq      bigint    not null references journal_entry (seq),
    account_id     bigint    not null references account (id),
    amount         bigint    not null,
    balance_after  bigint    not null
);
create index journal_line_account on journal_line (account_id, id);
create index journal_line_entry on journal_line (entry_seq);

-- Append-only, enforced by the database as well: corrections are compensating entries.
create function ledger_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the ledger is append-only: % on % refused', tg_op, tg_table_name;
end $$;
create trigger journal_entry_append_only before update or delete on journal_entry
    for each row execute function ledger_append_only();
create trigger journal_line_append_only before update or delete on journal_line
    for each row execute function ledger_append_only();

-- The head of the hash chain: one row, locked FOR UPDATE by every posting, which serialises the chain.
create table chain_head (
    id         int    primary key check (id = 1),
    last_seq   bigint not null,
    last_hash  text   not null
);
insert into chain_head (id, last_seq, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- What payment-service keeps per job (from JobSubmitted) and the job's escrow counters, for spend
-- reports and for the invariant escrow = funded - paid - fees - released.
create table job_escrow (
    job_id               uuid        primary key,
    requester_id         text        not null,
    title                text,
    currency             char(3)     not null,
    reward_per_judgment  bigint      not null,
    fee_per_judgment     bigint      not null,
    max_judgments        bigint      not null,
    budget               bigint      not null,
    status               text        not null,  -- FUNDED, REJECTED, RELEASED
    funded               bigint      not null default 0,
    rewards_paid         bigint      not null default 0,
    fees_paid            bigint      not null default 0,
    released             bigint      not null default 0,
    items_paid           bigint      not null default 0,
    bonuses_paid         bigint      not null default 0,
    bonus_fees_paid      bigint      not null default 0,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create index job_escrow_requester on job_escrow (requester_id, created_at);

-- Exactly once per (assignment, item): the primary key is the payment's idempotency.
create table item_payment (
    assignment_id  uuid        not null,
    item_id        uuid        not null,
    job_id         uuid        not null,
    worker_id      text        not null,
    reward         bigint      not null,
    fee            bigint      not null,
    entry_seq      bigint      not null references journal_entry (seq),
    paid_at        timestamptz not null default now(),
    primary key (assignment_id, item_id)
);
create index item_payment_job on item_payment (job_id);

-- Who worked on a job (any reviewed answer): a requester may send them a bonus.
create table job_worker (
    job_id     uuid not null,
    worker_id  text not null,
    primary key (job_id, worker_id)
);

create table payout_batch (
    id             uuid        primary key,
    provider       text        not null,
    reference      text,       -- the provider's handle, e.g. the bank file's name
    status         text        not null,  -- SUBMITTED, CONFIRMED
    payout_count   int         not null,
    total          bigint      not null,
    created_at     timestamptz not null default now(),
    confirmed_at   timestamptz
);

create table payout (
    id              uuid        primary key,
    worker_id       text        not null,
    amount          bigint      not null,
    currency        char(3)     not null,
    status          text        not null,  -- REQUESTED, SUBMITTED, PAID, FAILED
    batch_id        uuid        references payout_batch (id),
    failure_reason  text,
    requested_at    timestamptz not null default now(),
    completed_at    timestamptz
);
create index payout_worker on payout (worker_id, requested_at);
create index payout_status on payout (status);
