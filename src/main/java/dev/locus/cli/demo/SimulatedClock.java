package dev.locus.cli.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The demo operator's clock: it starts at a fixed instant (so the examples' forecasts decide the
 * same way on every run), runs at the wall clock's pace from there (so probe intervals, retries and
 * event times behave as usual), and the demo moves it forward to a deferred job's hour.
 */
final class SimulatedClock extends Clock {

    /** The instant {@code at} was shown when {@link System#nanoTime} said {@code nanos}. */
    private record Base(Instant at, long nanos) {}

    private final LongSupplier nanoTime;
    private final AtomicReference<Base> base;

    SimulatedClock(Instant start) {
        this(start, System::nanoTime);
    }

    SimulatedClock(Instant start, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.base = new AtomicReference<>(new Base(start, nanoTime.getAsLong()));
    }

    /** Sets the clock to {@code instant}; it runs on from there. Never backwards. */
    void set(Instant instant) {
        base.updateAndGet(
                b -> {
                    long now = nanoTime.getAsLong();
                    Instant current = b.at().plusNanos(now - b.nanos());
                    return new Base(instant.isAfter(current) ? instant : current, now);
                });
    }

    /** Moves the clock forward by {@code by}. */
    void advance(Duration by) {
        set(instant().plus(by));
    }

    @Override
    public Instant instant() {
        Base b = base.get();
        return b.at().plusNanos(nanoTime.getAsLong() - b.nanos()).truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
