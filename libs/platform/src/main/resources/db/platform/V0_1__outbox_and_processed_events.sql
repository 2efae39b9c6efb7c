-- Shared by every service (migration location db/platform, versions 0.x before each service's own 1.x).

-- Transactional outbox: an event row is written in the same transaction as the state change it
-- announces; OutboxRelay sends unsent rows to Kafka in id order and then marks them sent.
create table outbox_message (
    id           bigserial primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    message_key  text        not null,
    event_type   text        not null,
    payload      text        not null,
    occurred_at  timestamptz not null,
    created_at   timestamptz not null default now(),
    sent_at      timestamptz
);
create index outbox_message_unsent on outbox_message (id) where sent_at is null;

-- Idempotent consumer: an event's id is recorded in the same transaction as its effect,
-- so a redelivered event finds its row and changes nothing.
create table processed_event (
    consumer      text        not null,
    event_id      uuid        not null,
    topic         text        not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
