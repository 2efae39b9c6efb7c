package dev.crowd.platform.inbox;

/** A record that can never be processed (not JSON, unknown type, missing id): sent to dead letters at once. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(Throwable cause) {
        super("undecodable event: " + cause.getMessage(), cause);
    }
}
