package dev.locus.placement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Carbon intensity and energy price of each site over time (DESIGN.md, "Energy"): a forecast entry
 * covers [from, from + 1 h); where several cover an instant the latest {@code from} wins; where
 * none does, the site's static value holds. A run's value is the time-weighted average over [start,
 * start + hours). Unknown values are NaN.
 */
final class Forecast {

    static final long HOUR_MS = Duration.ofHours(1).toMillis();

    /** Which quantity. */
    enum Quantity {
        /** gCO2e per kWh. */
        CARBON,
        /** Price per kWh. */
        PRICE
    }

    /** One quantity of one site: static value and entries sorted by from. */
    private record Series(double fallback, long[] from, double[] value) {

        static Series of(Double fallback, List<SitePower.ForecastHour> hours, Quantity q) {
            long[] from = new long[hours.size()];
            double[] value = new double[hours.size()];
            int n = 0;
            for (SitePower.ForecastHour h : hours) {
                Double v = q == Quantity.CARBON ? h.carbonIntensity() : h.pricePerKwh();
                if (v != null && h.from() != null) {
                    from[n] = h.from().toEpochMilli();
                    value[n++] = v;
                }
            }
            return new Series(
                    fallback == null ? Double.NaN : fallback,
                    java.util.Arrays.copyOf(from, n),
                    java.util.Arrays.copyOf(value, n));
        }

        /** The entry covering t, or -1: only the latest from <= t can cover it. */
        int covering(long t) {
            int lo = 0;
            int hi = from.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (from[mid] <= t) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            // Several entries with the same from: the last one in the list wins, as the latest.
            return found >= 0 && t < from[found] + HOUR_MS ? found : -1;
        }

        double at(long t) {
            int i = covering(t);
            return i < 0 ? fallback : value[i];
        }

        /** The instant after t where the value may change next, or Long.MAX_VALUE. */
        long nextChange(long t) {
            long next = Long.MAX_VALUE;
            int i = covering(t);
            if (i >= 0) {
                next = from[i] + HOUR_MS;
            }
            // The first entry starting after t.
            int lo = 0;
            int hi = from.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (from[mid] <= t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo < from.length ? Math.min(next, from[lo]) : next;
        }

        double average(long start, long end) {
            if (end <= start) {
                return at(start);
            }
            double sum = 0;
            for (long t = start; t < end; ) {
                long next = Math.min(end, nextChange(t));
                sum += at(t) * (next - t);
                t = next;
            }
            return sum / (end - start);
        }

        long lastEnd() {
            return from.length == 0 ? Long.MIN_VALUE : from[from.length - 1] + HOUR_MS;
        }
    }

    private final Series[] carbon;
    private final Series[] price;
    private final long lastEnd;

    Forecast(List<Site> sites) {
        int n = sites.size();
        carbon = new Series[n];
        price = new Series[n];
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            Site s = sites.get(i);
            carbon[i] = Series.of(s.carbonIntensity(), s.power().forecast(), Quantity.CARBON);
            price[i] = Series.of(s.power().pricePerKwh(), s.power().forecast(), Quantity.PRICE);
            last = Math.max(last, Math.max(carbon[i].lastEnd(), price[i].lastEnd()));
        }
        lastEnd = last;
    }

    private Series series(Quantity q, int site) {
        return q == Quantity.CARBON ? carbon[site] : price[site];
    }

    /** The value at {@code at}; the static value when {@code at} is null; NaN when unknown. */
    double at(Quantity q, int site, Instant at) {
        Series s = series(q, site);
        return at == null ? s.fallback : s.at(at.toEpochMilli());
    }

    /** The time-weighted average over [start, start + duration); NaN when unknown. */
    double average(Quantity q, int site, Instant start, Duration duration) {
        long from = start.toEpochMilli();
        return series(q, site).average(from, from + duration.toMillis());
    }

    /**
     * The end of the last forecast entry of any site, or null without forecasts: from then on every
     * value is static.
     */
    Instant horizon() {
        return lastEnd == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastEnd);
    }
}
