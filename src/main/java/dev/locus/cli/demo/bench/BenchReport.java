package dev.locus.cli.demo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.cli.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's tables (text and markdown), its JSON document, and the targets. */
final class BenchReport {

    /** Targets of the issue, for the full-size run. */
    static final double MIN_RATIO = 0.5;

    static final double MAX_BURST_P99_PLACED_MS = 3_000;
    static final double MAX_BURST_P99_DISPATCHED_MS = 5_000;
    static final double MAX_STEADY_P99_PLACED_MS = 250;
    static final double MAX_CPU_MS_PER_PLACED = 5;
    static final double MAX_SECOND_BURST_TIME_FACTOR = 6;
    static final long MAX_HOLD_RSS_MIB = 400;
    static final long MAX_MANY_MEMBERS_RSS_MIB = 1024;

    private final Map<String, Object> settings;
    private final Results results;

    BenchReport(Map<String, Object> settings, Results results) {
        this.settings = settings;
        this.results = results;
    }

    /** The targets next to the figures of this run. */
    List<Results.Target> targets() {
        List<Results.Target> out = new ArrayList<>();
        List<Results.Throughput> bursts =
                results.throughput.stream().filter(t -> t.kind().equals("burst")).toList();
        if (!bursts.isEmpty()) {
            Results.Throughput b = bursts.get(0);
            String name = b.phase();
            out.add(
                    new Results.Target(
                            name + ": placed/s >= " + MIN_RATIO + " x the bare-client ceiling",
                            b.ratioToCeiling() == null
                                    ? "no ceiling measured"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.1f/s = %.2f x %.1f/s",
                                            b.placedPerSecond(),
                                            b.ratioToCeiling(),
                                            b.ceilingPerSecond()),
                            b.ratioToCeiling() == null ? null : b.ratioToCeiling() >= MIN_RATIO));
            out.add(
                    latencyTarget(
                            name + ": p99 apply->placed <= 3 s",
                            b.toPlaced(),
                            MAX_BURST_P99_PLACED_MS));
            out.add(
                    latencyTarget(
                            name + ": p99 apply->dispatched <= 5 s",
                            b.toDispatched(),
                            MAX_BURST_P99_DISPATCHED_MS));
        }
        results.throughput.stream()
                .filter(t -> t.kind().equals("steady"))
                .forEach(
                        s ->
                                out.add(
                                        latencyTarget(
                                                s.phase() + ": p99 apply->placed <= 250 ms",
                                                s.toPlaced(),
                                                MAX_STEADY_P99_PLACED_MS)));
        for (Results.Throughput t : results.throughput) {
            out.add(
                    new Results.Target(
                            t.phase() + ": operator CPU <= 5 ms per placed workload",
                            t.cpuMsPerPlaced() == null
                                    ? "not measured"
                                    : String.format(Locale.ROOT, "%.2f ms", t.cpuMsPerPlaced()),
                            t.cpuMsPerPlaced() == null
                                    ? null
                                    : t.cpuMsPerPlaced() <= MAX_CPU_MS_PER_PLACED));
        }
        if (bursts.size() >= 2) {
            Results.Throughput a = bursts.get(0);
            Results.Throughput b = bursts.get(1);
            boolean measured = a.complete() && b.complete() && a.placeSeconds() > 0;
            out.add(
                    new Results.Target(
                            b.phase() + " takes <= 6 x the time of " + a.phase(),
                            measured
                                    ? String.format(
                                            Locale.ROOT,
                                            "%.1f s = %.1f x %.1f s",
                                            b.placeSeconds(),
                                            b.placeSeconds() / a.placeSeconds(),
                                            a.placeSeconds())
                                    : "not measured (a burst did not complete)",
                            measured
                                    ? b.placeSeconds()
                                            <= MAX_SECOND_BURST_TIME_FACTOR * a.placeSeconds()
                                    : null));
        }
        for (Results.Memory m : results.memory) {
            long limit = m.phase().startsWith("many") ? MAX_MANY_MEMBERS_RSS_MIB : MAX_HOLD_RSS_MIB;
            out.add(
                    new Results.Target(
                            String.format(
                                    Locale.ROOT,
                                    "%s: RSS <= %d MiB holding %,d placed (%d members)",
                                    m.phase(),
                                    limit,
                                    m.workloads(),
                                    m.members()),
                            m.rssMiB() == null ? "not measured" : mib(m.rssMiB()),
                            m.rssMiB() == null || !m.complete() ? null : m.rssMiB() <= limit));
        }
        return out;
    }

    private static Results.Target latencyTarget(
            String what, Results.Latencies latencies, double limitMs) {
        if (latencies.count() == 0) {
            return new Results.Target(what, "not measured", null);
        }
        return new Results.Target(
                what,
                String.format(Locale.ROOT, "%s ms", ms(latencies.p99())),
                latencies.p99() <= limitMs);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        if (!results.ceilings.isEmpty()) {
            out.append(
                    "Bare-client ceiling (a create and one status write per workload, no operator):\n");
            TextTable t = new TextTable("WORKLOADS", "WRITTEN", "SECONDS", "WORKLOADS/S");
            for (Results.Ceiling c : results.ceilings) {
                t.row(
                        count(c.workloads()),
                        count(c.written()),
                        num(c.seconds()),
                        num(c.perSecond()) + (c.complete() ? "" : " (incomplete)"));
            }
            out.append(t.render()).append('\n');
        }
        if (!results.throughput.isEmpty()) {
            out.append("Throughput and latency (apply = the client's create):\n");
            TextTable t =
                    new TextTable(
                            "PHASE",
                            "WORKLOADS",
                            "PLACED",
                            "DISPATCHED",
                            "PLACED/S",
                            "DISPATCHED/S",
                            "CEILING/S",
                            "RATIO",
                            "APPLY->PLACED p50/p99/max",
                            "APPLY->DISPATCHED p50/p99/max",
                            "CPU/PLACED",
                            "PASSES");
            for (Results.Throughput r : results.throughput) {
                t.row(
                        r.phase(),
                        count(r.workloads()),
                        count(r.placed()),
                        count(r.dispatched()),
                        num(r.placedPerSecond()),
                        num(r.dispatchedPerSecond()),
                        r.ceilingPerSecond() == null ? "-" : num(r.ceilingPerSecond()),
                        r.ratioToCeiling() == null
                                ? "-"
                                : String.format(Locale.ROOT, "%.2f", r.ratioToCeiling()),
                        latencies(r.toPlaced()),
                        latencies(r.toDispatched()),
                        r.cpuMsPerPlaced() == null
                                ? "-"
                                : String.format(Locale.ROOT, "%.2f ms", r.cpuMsPerPlaced()),
                        r.schedulingPasses() == null ? "-" : count(r.schedulingPasses()));
            }
            out.append(t.render()).append('\n');
        }
        if (!results.throughput.isEmpty()) {
            out.append("Where the CPU went (first create until the operator settled):\n");
            TextTable t =
                    new TextTable(
                            "PHASE",
                            "WALL",
                            "OPERATOR",
                            "THIS PROCESS",
                            "ITS BUSIEST THREAD",
                            "OTHER PROCESSES",
                            "CORES BUSY",
                            "OPERATOR'S BUSIEST THREADS");
            for (Results.Throughput r : results.throughput) {
                t.row(
                        r.phase(),
                        num(r.cpu().wallSeconds()) + " s",
                        num(r.cpu().operatorSeconds()) + " s",
                        num(r.cpu().benchSeconds()) + " s",
                        String.format(
                                Locale.ROOT,
                                "%.0f%% (%s)",
                                100
                                        * r.cpu().benchBusiestThreadSeconds()
                                        / Math.max(r.cpu().wallSeconds(), 1e-9),
                                r.cpu().benchBusiestThread()),
                        num(r.cpu().otherSeconds()) + " s",
                        String.format(
                                Locale.ROOT, "%.0f%% of %d", 100 * r.cpu().busy(), r.cpu().cores()),
                        threads(r.cpu()));
            }
            out.append(t.render()).append('\n');
        }
        if (!results.throughput.isEmpty()) {
            out.append(
                    "API requests per placed workload (all clients: the operator, and this process's):\n");
            TextTable t =
                    new TextTable(
                            "PHASE",
                            "HUB",
                            "MEMBERS",
                            "MOST FREQUENT ON THE HUB",
                            "RECONCILIATIONS BY CONTROLLER");
            for (Results.Throughput r : results.throughput) {
                t.row(
                        r.phase(),
                        String.format(Locale.ROOT, "%.1f", r.requests().hubPerPlaced()),
                        String.format(Locale.ROOT, "%.1f", r.requests().membersPerPlaced()),
                        perKind(r.requests().hubTop()),
                        perKind(r.reconciliationsPerPlaced()));
            }
            out.append(t.render()).append('\n');
        }
        if (!results.memory.isEmpty()) {
            out.append("Memory of the operator holding placed workloads:\n");
            TextTable t =
                    new TextTable(
                            "PHASE",
                            "FLEET",
                            "PLACED",
                            "TIME TO PLACE",
                            "RSS IDLE",
                            "RSS",
                            "HEAP USED",
                            "HEAP COMMITTED",
                            "NON-HEAP",
                            "RSS AFTER GC",
                            "HEAP USED AFTER GC",
                            "/q/metrics");
            for (Results.Memory m : results.memory) {
                t.row(
                        m.phase(),
                        m.fleet(),
                        count(m.placed()) + "/" + count(m.workloads()),
                        num(m.placeSeconds()) + " s",
                        mib(m.idleRssMiB()),
                        mib(m.rssMiB()),
                        mib(m.heapUsedMiB()),
                        mib(m.heapCommittedMiB()),
                        mib(m.nonHeapUsedMiB()),
                        m.gc() ? mib(m.rssAfterGcMiB()) : "- (no GC: jcmd unavailable)",
                        m.gc() ? mib(m.heapUsedAfterGcMiB()) : "-",
                        scrape(m.scrape()));
            }
            out.append(t.render()).append('\n');
        }
        List<Results.Target> targets = targets();
        if (!targets.isEmpty()) {
            out.append("Targets (the issue's, set for the full-size run):\n");
            TextTable t = new TextTable("TARGET", "MEASURED", "MET");
            for (Results.Target target : targets) {
                t.row(target.target(), target.measured(), met(target.met()));
            }
            out.append(t.render());
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| setting | value |\n|---|---|\n");
        settings.forEach(
                (k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (!results.ceilings.isEmpty()) {
            out.append("\n| ceiling: workloads | written | seconds | workloads/s |\n")
                    .append("|---:|---:|---:|---:|\n");
            for (Results.Ceiling c : results.ceilings) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %s | %s |%n",
                                count(c.workloads()),
                                count(c.written()),
                                num(c.seconds()),
                                num(c.perSecond())));
            }
        }
        if (!results.throughput.isEmpty()) {
            out.append(
                            "\n| phase | workloads | placed | dispatched | placed/s | dispatched/s"
                                    + " | ceiling/s | ratio | apply->placed p50 / p99 / max (ms)"
                                    + " | apply->dispatched p50 / p99 / max (ms) | CPU per placed"
                                    + " | passes |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Results.Throughput r : results.throughput) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                                r.phase(),
                                count(r.workloads()),
                                count(r.placed()),
                                count(r.dispatched()),
                                num(r.placedPerSecond()),
                                num(r.dispatchedPerSecond()),
                                r.ceilingPerSecond() == null ? "-" : num(r.ceilingPerSecond()),
                                r.ratioToCeiling() == null
                                        ? "-"
                                        : String.format(Locale.ROOT, "%.2f", r.ratioToCeiling()),
                                latencies(r.toPlaced()).replace("/", " / "),
                                latencies(r.toDispatched()).replace("/", " / "),
                                r.cpuMsPerPlaced() == null
                                        ? "-"
                                        : String.format(Locale.ROOT, "%.2f ms", r.cpuMsPerPlaced()),
                                r.schedulingPasses() == null ? "-" : count(r.schedulingPasses())));
            }
        }
        if (!results.throughput.isEmpty()) {
            out.append(
                            "\n| phase | wall | operator CPU | benchmark process CPU"
                                    + " | its busiest thread | other processes | cores busy"
                                    + " | operator's busiest threads |\n")
                    .append("|---|---:|---:|---:|---|---:|---:|---|\n");
            for (Results.Throughput r : results.throughput) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s s | %s s | %s s | %.0f%% (%s) | %s s | %.0f%% of %d | %s |%n",
                                r.phase(),
                                num(r.cpu().wallSeconds()),
                                num(r.cpu().operatorSeconds()),
                                num(r.cpu().benchSeconds()),
                                100
                                        * r.cpu().benchBusiestThreadSeconds()
                                        / Math.max(r.cpu().wallSeconds(), 1e-9),
                                r.cpu().benchBusiestThread(),
                                num(r.cpu().otherSeconds()),
                                100 * r.cpu().busy(),
                                r.cpu().cores(),
                                threads(r.cpu())));
            }
        }
        if (!results.throughput.isEmpty()) {
            out.append(
                            "\n| phase | hub requests per placed | member requests per placed"
                                    + " | most frequent on the hub | most frequent on members"
                                    + " | reconciliations per placed |\n")
                    .append("|---|---:|---:|---|---|---|\n");
            for (Results.Throughput r : results.throughput) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %.1f | %.1f | %s | %s | %s |%n",
                                r.phase(),
                                r.requests().hubPerPlaced(),
                                r.requests().membersPerPlaced(),
                                perKind(r.requests().hubTop()),
                                perKind(r.requests().membersTop()),
                                perKind(r.reconciliationsPerPlaced())));
            }
        }
        if (!results.memory.isEmpty()) {
            out.append(
                            "\n| phase | fleet | placed | time to place | RSS idle | RSS | heap used"
                                    + " | heap committed | non-heap | RSS after GC | heap used after GC"
                                    + " | /q/metrics |\n")
                    .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (Results.Memory m : results.memory) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %s | %s s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                                m.phase(),
                                m.fleet(),
                                count(m.placed()) + " / " + count(m.workloads()),
                                num(m.placeSeconds()),
                                mib(m.idleRssMiB()),
                                mib(m.rssMiB()),
                                mib(m.heapUsedMiB()),
                                mib(m.heapCommittedMiB()),
                                mib(m.nonHeapUsedMiB()),
                                m.gc() ? mib(m.rssAfterGcMiB()) : "-",
                                m.gc() ? mib(m.heapUsedAfterGcMiB()) : "-",
                                scrape(m.scrape())));
            }
        }
        List<Results.Target> targets = targets();
        if (!targets.isEmpty()) {
            out.append("\n| target | measured | met |\n|---|---|---|\n");
            for (Results.Target t : targets) {
                out.append("| ")
                        .append(t.target())
                        .append(" | ")
                        .append(t.measured())
                        .append(" | ")
                        .append(met(t.met()))
                        .append(" |\n");
            }
        }
        if (!results.problems.isEmpty()) {
            out.append("\nIncomplete:\n\n");
            results.problems.forEach(p -> out.append("- ").append(p).append('\n'));
        }
        return out.toString();
    }

    String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("settings", settings);
        doc.put("ceilings", results.ceilings);
        doc.put("throughput", results.throughput);
        doc.put("memory", results.memory);
        doc.put("targets", targets());
        doc.put("complete", results.complete());
        doc.put("problems", results.problems);
        try {
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(doc)
                    + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

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
