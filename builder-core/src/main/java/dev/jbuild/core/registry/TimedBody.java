package dev.jbuild.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a stream that gives up when the registry stalls: no byte for the
 * idle timeout, or the whole body not done by its deadline (counted from the response
 * headers). The JDK's own body stream blocks without limit; this one waits on its own queue
 * with a timeout, one buffer list requested at a time, and cancels the exchange when it gives up.
 */
final class TimedBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    /** The registry stopped sending, or sent too slowly; says which limit fired. */
    static final class Stalled extends IOException {
        Stalled(String message) {
            super(message);
        }
    }

    private static final Object END = new Object();

    private final Duration idleTimeout;
    private final Duration deadline;
    private final long deadlineNanos;
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final CompletableFuture<InputStream> body = CompletableFuture.completedFuture(this);
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private long received;
    private boolean finished;

    TimedBody(Duration idleTimeout, Duration deadline) {
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.deadlineNanos = System.nanoTime() + deadline.toNanos();
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrivals.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        arrivals.add(throwable);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (!current.hasRemaining()) {
            if (finished) {
                return -1;
            }
            if (buffers.hasNext()) {
                current = buffers.next();
            } else {
                nextArrival();
            }
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        received += n;
        return n;
    }

    @Override
    public int available() {
        return current.remaining();
    }

    @Override
    public void close() {
        finished = true;
        cancel();
    }

    @SuppressWarnings("unchecked")
    private void nextArrival() throws IOException {
        Object next = poll();
        if (next == END) {
            finished = true;
        } else if (next instanceof Throwable failure) {
            finished = true;
            throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
        } else {
            buffers = ((List<ByteBuffer>) next).iterator();
            subscription.request(1);
        }
    }

    private Object poll() throws IOException {
        long left = deadlineNanos - System.nanoTime();
        long wait = Math.min(idleTimeout.toNanos(), left);
        Object next;
        try {
            next = wait <= 0 ? arrivals.poll() : arrivals.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new IOException("interrupted while reading the response body", e);
        }
        if (next != null) {
            return next;
        }
        finished = true;
        cancel();
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw new Stalled("the body was not complete within its deadline of " + seconds(deadline) + " ("
                    + received + " bytes received; limits " + TransferLimits.FLOOR_PROPERTY + " and "
                    + TransferLimits.RATE_PROPERTY + ")");
        }
        throw new Stalled("the registry sent no byte for " + seconds(idleTimeout) + " (" + received
                + " bytes received; idle limit " + TransferLimits.IDLE_PROPERTY + ")");
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
