package dev.crowd.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way to a service that stops after {@code maxBytes}: the stream fails with
 * {@link BodyTooLarge}, which aborts the exchange with the service. A declared Content-Length is checked
 * before anything is sent; this catches a chunked body (no length) that turns out to be too large.
 */
final class LimitedBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final long maxBytes;
    private final Runnable onExceeded;
    private long seen;
    private boolean failed;
    private Handler<Throwable> exceptionHandler;
    private Handler<Void> endHandler;

    LimitedBody(ReadStream<Buffer> source, long maxBytes, Runnable onExceeded) {
        this.source = source;
        this.maxBytes = maxBytes;
        this.onExceeded = onExceeded;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(buffer -> {
            if (failed) {
                return;
            }
            seen += buffer.length();
            if (seen > maxBytes) {
                failed = true;
                source.handler(null);
                source.endHandler(null);
                onExceeded.run();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new BodyTooLarge(maxBytes));
                }
                return;
            }
            handler.handle(buffer);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        endHandler = handler;
        source.endHandler(v -> {
            if (!failed && endHandler != null) {
                endHandler.handle(v);
            }
        });
        return this;
    }

    /** The body went over the route's limit while streaming. */
    static final class BodyTooLarge extends RuntimeException {
        final long maxBytes;

        BodyTooLarge(long maxBytes) {
            super("request body over " + maxBytes + " bytes", null, false, false);
            this.maxBytes = maxBytes;
        }
    }
}
