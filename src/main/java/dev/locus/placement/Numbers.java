package dev.locus.placement;

import java.util.Locale;

/** The engine's number conventions: latencies compare and print in hundredths of a millisecond. */
final class Numbers {

    private Numbers() {}

    /** Latency in hundredths of a millisecond, the unit it is compared in; unknown ranks last. */
    static long centi(double ms) {
        return Double.isNaN(ms) ? Long.MAX_VALUE : Math.round(ms * 100);
    }

    /** Latency as reported: rounded to 0.01 ms; NaN stays NaN (unknown). */
    static double round(double ms) {
        return Double.isNaN(ms) ? ms : Math.round(ms * 100) / 100.0;
    }

    /** The higher of two latencies; unknown wins, as a region it cannot bound might be far. */
    static double worse(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.NaN;
        }
        return Math.max(a, b);
    }

    static String ms(double ms) {
        return Double.isNaN(ms) ? "unknown latency" : twoDecimals(ms) + " ms";
    }

    /** A cost or carbon intensity; infinity is how the index stores "not declared". */
    static String number(double d) {
        return Double.isInfinite(d) ? "unknown" : twoDecimals(d);
    }

    /** {@code %.2f} without a Formatter: this runs for every decision. */
    static String twoDecimals(double d) {
        long centi = Math.round(Math.abs(d) * 100);
        long fraction = centi % 100;
        return (d < 0 && centi != 0 ? "-" : "")
                + centi / 100
                + (fraction < 10 ? ".0" : ".")
                + fraction;
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
