package dev.locus.placement;

import java.time.Duration;
import java.time.Instant;

/**
 * When a TrainingJob must be done, and how long it runs: what lets it wait for cleaner or cheaper
 * power ({@link Deferral}).
 *
 * @param deadline the run must end by then
 * @param estimatedHours how long the run takes, in hours (non-negative)
 */
public record Schedule(Instant deadline, double estimatedHours) {

    public Schedule {
        if (deadline == null) {
            throw new IllegalArgumentException("a schedule needs a deadline");
        }
        estimatedHours = Math.max(0, estimatedHours);
    }

    /** The run's length. */
    public Duration duration() {
        return Duration.ofMillis(Math.round(estimatedHours * 3_600_000d));
    }

    /** The last start that still meets the deadline: deadline - estimatedHours. */
    public Instant lastStart() {
        return deadline.minus(duration());
    }
}
