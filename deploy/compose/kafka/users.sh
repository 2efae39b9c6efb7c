#!/bin/sh
# One SCRAM-SHA-512 user per service (password from the environment) and its ACLs: Write only the
# topics it owns and its dead-letter topic, Read only what it consumes, with its own consumer group.
# The table is dev.crowd.infra.KafkaAccess's (deploy-checks' ComposeFileTest compares the two).
# Re-running it rotates the passwords to the current values and leaves existing ACLs as they are.
set -eu
bin=/opt/kafka/bin
user() {
  "$bin/kafka-configs.sh" --bootstrap-server kafka:9092 --command-config /tmp/admin.properties --alter \
    --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]"
}
allow() {
  principal="$1"; operation="$2"; shift 2
  "$bin/kafka-acls.sh" --bootstrap-server kafka:9092 --command-config /tmp/admin.properties --add \
    --allow-principal "User:$principal" --operation "$operation" "$@" >/dev/null
}
user task-service "${CROWD_KAFKA_TASK_PASSWORD:?}"
user worker-service "${CROWD_KAFKA_WORKER_PASSWORD:?}"
user qa-service "${CROWD_KAFKA_QA_PASSWORD:?}"
user payment-service "${CROWD_KAFKA_PAYMENT_PASSWORD:?}"

allow task-service Write --topic crowd.jobs
allow task-service Write --topic crowd.work
allow task-service Write --topic crowd.dlq.task-service
allow task-service Read --topic crowd.payments
allow task-service Read --topic crowd.quality
allow task-service Read --topic crowd.workers
allow task-service Read --topic crowd.dlq.task-service
allow task-service Read --group task-service

allow worker-service Write --topic crowd.workers
allow worker-service Write --topic crowd.dlq.worker-service
allow worker-service Read --topic crowd.quality
allow worker-service Read --topic crowd.dlq.worker-service
allow worker-service Read --group worker-service

allow qa-service Write --topic crowd.quality
allow qa-service Write --topic crowd.dlq.qa-service
allow qa-service Read --topic crowd.jobs
allow qa-service Read --topic crowd.work
allow qa-service Read --topic crowd.workers
allow qa-service Read --topic crowd.dlq.qa-service
allow qa-service Read --group qa-service

allow payment-service Write --topic crowd.payments
allow payment-service Write --topic crowd.dlq.payment-service
allow payment-service Read --topic crowd.jobs
allow payment-service Read --topic crowd.quality
allow payment-service Read --topic crowd.workers
allow payment-service Read --topic crowd.dlq.payment-service
allow payment-service Read --group payment-service
echo "kafka users and ACLs applied"
