#!/bin/bash
# The compose broker (apache/kafka image): one KRaft node, SASL/SCRAM-SHA-512 on both listeners (the
# controller's included), StandardAuthorizer, no ACL means no access. The admin's SCRAM credential is
# written when the storage is formatted (KIP-900); kafka-topics then adds the services' users and ACLs.
set -euo pipefail
: "${CROWD_KAFKA_ADMIN_PASSWORD:?set CROWD_KAFKA_ADMIN_PASSWORD}"
umask 077
config=/tmp/server.properties
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$CROWD_KAFKA_ADMIN_PASSWORD\";"
cat >"$config" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@kafka:9093
listeners=BROKER://:9092,CONTROLLER://:9093
advertised.listeners=BROKER://kafka:9092
controller.listener.names=CONTROLLER
inter.broker.listener.name=BROKER
listener.security.protocol.map=BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=SCRAM-SHA-512
listener.name.broker.scram-sha-512.sasl.jaas.config=$jaas
listener.name.controller.scram-sha-512.sasl.jaas.config=$jaas
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
log.dirs=/var/lib/kafka/data
auto.create.topics.enable=false
num.partitions=12
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
/crowd/admin-client.sh
if [ ! -f /var/lib/kafka/data/meta.properties ]; then
  /opt/kafka/bin/kafka-storage.sh format -t "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" -c "$config" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$CROWD_KAFKA_ADMIN_PASSWORD]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
