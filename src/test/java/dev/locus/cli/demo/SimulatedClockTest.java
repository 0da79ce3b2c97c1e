package dev.locus.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {

    private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimulatedClock clock = new SimulatedClock(START, nanos::get);

    @Test
    void startsAtItsInstantAndRunsAtTheWallClocksPace() {
        assertThat(clock.instant()).isEqualTo(START);
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(3));
    }

    @Test
    void runsOnFromWhereItIsSet() {
        clock.set(Instant.parse("2026-11-30T22:00:00Z"));
        nanos.addAndGet(Duration.ofMillis(1500).toNanos());
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-30T22:00:01.500Z"));
        clock.advance(Duration.ofHours(6));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-01T04:00:01.500Z"));
    }

    @Test
    void neverGoesBackwards() {
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        clock.set(START);
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void truncatesToMilliseconds() {
        nanos.addAndGet(1_234_567L);
        assertThat(clock.instant()).isEqualTo(START.plusMillis(1));
    }
}
