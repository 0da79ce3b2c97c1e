package dev.locus.cli.demo.bench;

import java.util.Locale;
import java.util.Map;

/** How the benchmark writes its figures: counts, seconds, MiB, latencies, CPU and requests. */
final class BenchFormat {

    private BenchFormat() {}

    /** "CPU over 30 s: operator 12.3 s (pool-N-thread-N 60%, ...); this process 8.1 s; ...". */
    static String cpu(Results.Cpu cpu) {
        return String.format(
                Locale.ROOT,
                "CPU over %.1f s: operator %.1f s (%s); this process (API servers, clients) %.1f s, its busiest thread %s %.0f%% of the time; other processes %.1f s; %d cores %.0f%% busy",
                cpu.wallSeconds(),
                cpu.operatorSeconds(),
                threads(cpu),
                cpu.benchSeconds(),
                cpu.benchBusiestThread(),
                100 * cpu.benchBusiestThreadSeconds() / Math.max(cpu.wallSeconds(), 1e-9),
                cpu.otherSeconds(),
                cpu.cores(),
                100 * cpu.busy());
    }

    /** "hub requests per placed workload: 9.8 (PUT trainingjobs/status 2.0, ...); members: ...". */
    static String requests(Results.Requests r) {
        return String.format(
                Locale.ROOT,
                "requests per placed workload: hub %.1f (%s); members %.1f (%s)",
                r.hubPerPlaced(),
                perKind(r.hubTop()),
                r.membersPerPlaced(),
                perKind(r.membersTop()));
    }

    static String perKind(Map<String, Double> kinds) {
        StringBuilder out = new StringBuilder();
        kinds.forEach(
                (k, v) -> {
                    if (out.length() > 0) {
                        out.append(", ");
                    }
                    out.append(k).append(' ').append(String.format(Locale.ROOT, "%.2f", v));
                });
        return out.toString();
    }

    /** The operator's busiest threads and their share of its CPU. */
    static String threads(Results.Cpu cpu) {
        StringBuilder out = new StringBuilder();
        cpu.operatorThreads()
                .forEach(
                        (name, seconds) -> {
                            if (out.length() > 0) {
                                out.append(", ");
                            }
                            out.append(
                                    String.format(
                                            Locale.ROOT,
                                            "%s %.0f%%",
                                            name,
                                            100 * seconds / Math.max(cpu.operatorSeconds(), 1e-9)));
                        });
        return out.toString();
    }

    static String scrape(Results.Scrape s) {
        return s == null
                ? "-"
                : String.format(
                        Locale.ROOT,
                        "%,d lines, %.1f MiB, %.0f ms",
                        s.lines(),
                        s.mebibytes(),
                        s.millis());
    }

    static String latencies(Results.Latencies l) {
        if (l.count() == 0) {
            return "-";
        }
        return ms(l.p50()) + "/" + ms(l.p99()) + "/" + ms(l.max()) + " ms";
    }

    static String ms(double millis) {
        return millis < 10
                ? String.format(Locale.ROOT, "%.1f", millis)
                : String.format(Locale.ROOT, "%,.0f", millis);
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value < 100
                ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String mib(Number value) {
        return value == null
                ? "-"
                : String.format(Locale.ROOT, "%,d MiB", Math.round(value.doubleValue()));
    }

    static String met(Boolean met) {
        return met == null ? "-" : met ? "yes" : "NO";
    }
}
