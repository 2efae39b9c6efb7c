-- Late payments: answers accepted after their job's escrow was released (a late appeal, a review that
-- arrived after a cancellation) are paid from the requester's available balance, entry kind
-- LATE_ITEM_PAYMENT. They are counted in late_rewards_paid and late_fees_paid (and in items_paid), not in
-- rewards_paid and fees_paid, which stay what the escrow paid: escrow = funded - rewards_paid - fees_paid
-- - released holds as before, and the released job's escrow stays at zero.
-- owed / owed_items: what is recorded in late_payment_owed for the job and not paid yet.
alter table job_escrow
    add column late_rewards_paid bigint not null default 0,
    add column late_fees_paid    bigint not null default 0,
    add column owed              bigint not null default 0,
    add column owed_items        bigint not null default 0;

-- Late answers the requester's balance could not cover: paid, oldest first (by id), in the transaction
-- of the requester's next deposit that covers them. One row per answer, ever: the primary key keeps an
-- answer owed once whatever is redelivered; paid_entry_seq is set when it is paid (the row stays, as the
-- record of the debt), together with its item_payment row.
create table late_payment_owed (
    id               bigserial   primary key,
    assignment_id    uuid        not null,
    item_id          uuid        not null,
    job_id           uuid        not null,
    requester_id     text        not null,
    review_event_id  uuid        not null,
    worker_id        text        not null,
    reward           bigint      not null,
    fee              bigint      not null,
    owed_since       timestamptz not null default now(),
    paid_entry_seq   bigint      references journal_entry (seq),
    paid_at          timestamptz,
    constraint late_payment_owed_answer unique (assignment_id, item_id)
);
create index late_payment_owed_unpaid on late_payment_owed (requester_id, id) where paid_entry_seq is null;
