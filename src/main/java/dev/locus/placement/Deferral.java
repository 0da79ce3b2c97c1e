package dev.locus.placement;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Whether a TrainingJob that fits now should wait for cleaner (or cheaper) power (DESIGN.md,
 * "Energy"). Only a TrainingJob with a schedule that optimizes for carbon or cost, and only when
 * the pass has a clock. The baseline is the run's average starting now on the pool chosen now; a
 * later start is a whole UTC hour after now up to {@code deadline - estimatedHours}, evaluated on
 * the pool the ranking (with the carbon of that hour) would pick among the pools that fit now. The
 * start with the lowest average wins (ties: the earliest) and the job waits when that average is at
 * most 90 % of the baseline. An unknown baseline or average never defers.
 */
final class Deferral {

    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    private final FleetIndex fleet;
    private final Forecast forecast;
    private final Instant now;

    /** Scratch: carbon intensity by pool at the hour under evaluation. */
    private final double[] carbonAt;

    Deferral(FleetIndex fleet, Forecast forecast, Instant now) {
        this.fleet = fleet;
        this.forecast = forecast;
        this.now = now;
        this.carbonAt = new double[fleet.pools.length];
    }

    /** Whether the workload may be deferred at all: the rule's preconditions but fitting now. */
    boolean applies(Workload w) {
        return now != null
                && w.isGang()
                && w.schedule() != null
                && (w.objective() == Objective.CARBON || w.objective() == Objective.COST)
                && !now.isAfter(w.schedule().lastStart());
    }

    private static Forecast.Quantity quantity(Objective objective) {
        return objective == Objective.CARBON ? Forecast.Quantity.CARBON : Forecast.Quantity.PRICE;
    }

    /**
     * The later start to wait for, or null to start now.
     *
     * @param fitting the pools that fit now, the first {@code count} of the array
     * @param chosen the pool the job would get now
     */
    DeferredStart consider(
            Workload w,
            Ranking ranking,
            LatencyModel.Latencies lat,
            int[] fitting,
            int count,
            int chosen) {
        if (!applies(w)) {
            return null;
        }
        Forecast.Quantity q = quantity(w.objective());
        Duration run = w.schedule().duration();
        double baseline = forecast.average(q, fleet.poolSite[chosen], now, run);
        Instant horizon = forecast.horizon();
        if (Double.isNaN(baseline) || horizon == null) {
            return null; // unknown, or nothing but static values: every start is alike
        }
        Instant lastStart = w.schedule().lastStart();
        // From the first whole hour at or after the forecasts end, every value is static: all
        // later starts average the same as that one, and ties go to the earliest.
        Instant cap = ceilHour(horizon);
        Instant best = null;
        int bestPool = -1;
        double bestAverage = Double.NaN;
        for (Instant h = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
                !h.isAfter(lastStart) && !h.isAfter(cap);
                h = h.plus(Duration.ofHours(1))) {
            int pool = rankedAt(h, ranking, lat, fitting, count);
            double average = forecast.average(q, fleet.poolSite[pool], h, run);
            if (!Double.isNaN(average) && (best == null || average < bestAverage)) {
                best = h;
                bestPool = pool;
                bestAverage = average;
            }
        }
        if (best == null || bestAverage * 10 > baseline * 9) {
            return null;
        }
        Pool pool = fleet.pools[bestPool];
        return new DeferredStart(
                best,
                pool.cluster(),
                pool.name(),
                w.objective(),
                baseline,
                bestAverage,
                known(forecast.average(Forecast.Quantity.CARBON, fleet.poolSite[chosen], now, run)),
                known(
                        forecast.average(
                                Forecast.Quantity.CARBON, fleet.poolSite[bestPool], best, run)));
    }

    /** The best-ranked of the fitting pools with the carbon intensities of hour {@code h}. */
    private int rankedAt(
            Instant h, Ranking ranking, LatencyModel.Latencies lat, int[] fitting, int count) {
        for (int i = 0; i < count; i++) {
            int p = fitting[i];
            double c = forecast.at(Forecast.Quantity.CARBON, fleet.poolSite[p], h);
            carbonAt[p] = Double.isNaN(c) ? Double.POSITIVE_INFINITY : c;
        }
        int best = fitting[0];
        for (int i = 1; i < count; i++) {
            int p = fitting[i];
            double lp = lat.at(fleet.poolSite[p]);
            double lb = lat.at(fleet.poolSite[best]);
            if (ranking.compare(p, lp, best, lb, carbonAt) < 0) {
                best = p;
            }
        }
        return best;
    }

    /**
     * "waiting for 02:00Z on osl-1: 40 g/kWh vs 310 now (...)"; for price "0.05/kWh vs 0.12 now".
     * Both are the run's averages.
     */
    String describe(Workload w, DeferredStart d) {
        boolean sameDay =
                now.truncatedTo(ChronoUnit.DAYS)
                        .equals(d.startAfter().truncatedTo(ChronoUnit.DAYS));
        boolean carbon = d.objective() == Objective.CARBON;
        return "waiting for "
                + (sameDay ? HOUR : DAY_HOUR).format(d.startAfter())
                + " on "
                + d.cluster()
                + ": "
                + Energy.number(d.later())
                + (carbon ? " g/kWh" : "/kWh")
                + " vs "
                + Energy.number(d.now())
                + " now ("
                + (carbon ? "carbon intensity" : "energy price")
                + " averaged over the run's "
                + Energy.number(w.schedule().estimatedHours())
                + " h; last start for the deadline "
                + DAY_HOUR.format(w.schedule().lastStart())
                + ")";
    }

    private static Instant ceilHour(Instant t) {
        Instant down = t.truncatedTo(ChronoUnit.HOURS);
        return down.equals(t) ? t : down.plus(Duration.ofHours(1));
    }

    private static Double known(double d) {
        return Double.isNaN(d) ? null : d;
    }
}
