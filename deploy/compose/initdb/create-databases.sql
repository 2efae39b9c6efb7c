-- One database per service (no service reads another's) and Keycloak's, on the single PostgreSQL server.
CREATE DATABASE task;
CREATE DATABASE worker;
CREATE DATABASE qa;
CREATE DATABASE payment;
CREATE DATABASE keycloak;
