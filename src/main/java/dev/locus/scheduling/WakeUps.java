package dev.locus.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action at given times of an injected clock (a deferred workload's hour): a pass is
 * requested when the hour comes, so deferred work never waits for the next resync.
 */
final class WakeUps implements AutoCloseable {

    private final Clock clock;
    private final Runnable action;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "locus-wake-ups");
                        t.setDaemon(true);
                        return t;
                    });

    WakeUps(Clock clock, Runnable action) {
        this.clock = clock;
        this.action = action;
    }

    /** Runs the action at {@code when} (at once if it has passed). */
    void at(Instant when) {
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        try {
            timer.schedule(action, delay + 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
