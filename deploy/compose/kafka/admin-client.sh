#!/bin/sh
# Writes /tmp/admin.properties: the admin's client settings for the Kafka command-line tools.
set -eu
: "${CROWD_KAFKA_ADMIN_PASSWORD:?set CROWD_KAFKA_ADMIN_PASSWORD}"
umask 077
cat >/tmp/admin.properties <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$CROWD_KAFKA_ADMIN_PASSWORD";
EOF
