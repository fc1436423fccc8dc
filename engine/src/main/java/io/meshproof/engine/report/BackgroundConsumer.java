package io.meshproof.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands values to a consumer that runs on a thread of its own, so that writing a report overlaps with reading
 * the capture: on a machine with two cores the analysis does not wait for the JSON. Values reach the consumer
 * in the order given. At most {@link #QUEUED_BATCHES} batches of {@link #BATCH_SIZE} values wait at a time;
 * the producer blocks when the consumer falls behind, so memory stays bounded.
 *
 * <p>When the consumer throws, the failure is kept, later values are dropped, and {@link #accept} and
 * {@link #close} throw it on the producer's thread (the same exception object, unwrapped when it is an
 * unchecked one). The values must be safe to read from another thread (immutable records are).
 *
 * @param <T> the values handed on
 */
public final class BackgroundConsumer<T> implements Consumer<T>, AutoCloseable {
    /** Values per hand-over: one queue operation per batch, not per value. */
    static final int BATCH_SIZE = 64;
    /** Batches waiting for the consumer at most. */
    static final int QUEUED_BATCHES = 16;

    private final BlockingQueue<List<T>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final List<T> end = new ArrayList<>(0);
    private final Consumer<? super T> consumer;
    private final Thread thread;
    private volatile Throwable failure;
    private List<T> batch = new ArrayList<>(BATCH_SIZE);
    private boolean closed;

    /** Starts the consumer's thread, named {@code name}; it ends with {@link #close}. */
    public BackgroundConsumer(String name, Consumer<? super T> consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.thread = new Thread(this::drain, name);
        // a producer that dies must not leave the JVM waiting for this thread
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a value for the consumer.
     *
     * @throws IllegalStateException after {@link #close}
     * @throws RuntimeException the consumer's failure, once it failed
     */
    @Override
    public void accept(T value) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        rethrowFailure();
        batch.add(value);
        if (batch.size() == BATCH_SIZE) {
            put(batch);
            batch = new ArrayList<>(BATCH_SIZE);
        }
    }

    /**
     * Hands on the values still queued and waits until the consumer has taken every one. Closing twice does
     * nothing.
     *
     * @throws RuntimeException the consumer's failure, when it failed
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!batch.isEmpty()) {
            put(batch);
        }
        put(end);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrowFailure();
    }

    private void put(List<T> values) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(values);
                break;
            } catch (InterruptedException e) {
                // the hand-over must not lose values: retry, and pass the interrupt on afterwards
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        try {
            while (true) {
                List<T> values = queue.take();
                if (values == end) {
                    return;
                }
                if (failure == null) {
                    values.forEach(consumer);
                }
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread but the JVM going down; nothing is left to hand on then
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            drainAfterFailure();
        }
    }

    /** Keeps taking batches after a failure so that the producer never blocks on a full queue. */
    private void drainAfterFailure() {
        try {
            while (queue.take() != end) {
                // dropped: the consumer failed, the producer learns it at its next accept or close
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowFailure() {
        Throwable thrown = failure;
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
    }
}
