package dev.locus.reconciler;

import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes status reconcilers a moment after the changes they aggregate, once for all the changes of
 * that moment: a burst of placements then costs each pool, cluster and zone one status write a
 * moment, not one per placement.
 */
final class DelayedWakes {

    /** How long changes are gathered before the objects they touch are reconciled. */
    static final Duration DELAY = Duration.ofMillis(500);

    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "locus-status-wakes");
                        t.setDaemon(true);
                        return t;
                    });

    private final SimpleInboundEventSource<?> source;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    DelayedWakes(SimpleInboundEventSource<?> source) {
        this.source = source;
    }

    /** Wakes the named primaries (cluster-scoped) after {@link #DELAY}, with all others asked. */
    void wake(Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        pending.addAll(names);
        if (scheduled.compareAndSet(false, true)) {
            TIMER.schedule(this::flush, DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        // Cleared before draining: a name added meanwhile is drained now or by the next flush.
        scheduled.set(false);
        List<String> names = new ArrayList<>(pending);
        pending.removeAll(names);
        HubControllers.wake(source, names);
    }
}
