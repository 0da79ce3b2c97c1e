package dev.locus.cli.demo.bench;

import static dev.locus.cli.demo.bench.BenchFormat.count;
import static dev.locus.cli.demo.bench.BenchFormat.latencies;
import static dev.locus.cli.demo.bench.BenchFormat.met;
import static dev.locus.cli.demo.bench.BenchFormat.mib;
import static dev.locus.cli.demo.bench.BenchFormat.num;
import static dev.locus.cli.demo.bench.BenchFormat.perKind;
import static dev.locus.cli.demo.bench.BenchFormat.scrape;
import static dev.locus.cli.demo.bench.BenchFormat.threads;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.cli.TextTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's tables (text and markdown) and its JSON document, with the targets. */
final class BenchReport {

    private final Map<String, Object> settings;
    private final Results results;

    BenchReport(Map<String, Object> settings, Results results) {
        this.settings = settings;
        this.results = results;
    }

    /** The targets next to the figures of this run ({@link BenchTargets}). */
    List<Results.Target> targets() {
        return BenchTargets.of(results);
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
}
