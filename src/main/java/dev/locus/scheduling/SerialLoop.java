package dev.locus.scheduling;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task on one thread of its own, on request and every resync interval: requests made while a
 * run is queued fold into it, so a burst of changes costs one run, not one per change.
 */
public final class SerialLoop implements AutoCloseable {

    /** A run taking longer than this means the loop is stuck. */
    static final Duration STUCK = Duration.ofMinutes(5);

    private final Runnable task;
    private final Duration resync;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ScheduledExecutorService executor;
    private volatile boolean started;
    private volatile long runStartedNanos;

    public SerialLoop(String threadName, Duration resync, Runnable task) {
        this.task = task;
        this.resync = resync;
        this.executor =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, threadName);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Starts runs: one now, then on request and every resync interval. */
    public void start() {
        started = true;
        executor.scheduleWithFixedDelay(
                this::request, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        request();
    }

    /** Asks for a run; nothing before {@link #start}, since the first run covers it. */
    public void request() {
        if (started && queued.compareAndSet(false, true) && !executor.isShutdown()) {
            try {
                executor.execute(this::run);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false); // closed meanwhile
            }
        }
    }

    /** False when a run has gone on for more than {@link #STUCK}, or the loop was closed. */
    public boolean isHealthy() {
        long since = runStartedNanos;
        boolean stuck = since != 0 && System.nanoTime() - since > STUCK.toNanos();
        return !executor.isShutdown() && !stuck;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void run() {
        queued.set(false);
        runStartedNanos = System.nanoTime();
        try {
            task.run();
        } finally {
            runStartedNanos = 0;
        }
    }
}
