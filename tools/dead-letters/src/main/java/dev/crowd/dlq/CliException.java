package dev.crowd.dlq;

/** A failure the operator can act on: printed as one line, never as a stack trace, with its exit status. */
final class CliException extends RuntimeException {

    /** Bad arguments: status 2, with the usage. */
    static final int USAGE = 2;
    /** Anything else (unknown service or event, Kafka unreachable, a failed send): status 1. */
    static final int FAILED = 1;

    private final int exitStatus;

    CliException(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    int exitStatus() {
        return exitStatus;
    }
}
