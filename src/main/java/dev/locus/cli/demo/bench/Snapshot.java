package dev.locus.cli.demo.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** CPU counters and metrics at one moment of a phase. */
record Snapshot(
        long nanos,
        long machineBusy,
        long operatorCpu,
        Map<String, Long> operatorThreads,
        long benchCpu,
        Map<String, Long> benchThreads,
        RequestLog.Counts requests,
        Double passes,
        String metrics) {

    /**
     * What the CPU counters, the operator's threads and its metrics say now. A scrape of /q/metrics
     * costs the operator CPU (JOSDK keeps series per resource): it is taken before the CPU counters
     * are read at the start of a phase, after them at its end, so that no phase counts the
     * benchmark's own scrapes.
     */
    static Snapshot take(OperatorProcess operator, RequestLog requestLog, boolean start) {
        String metrics = start ? operator.metrics() : null;
        long self = ProcessHandle.current().pid();
        long nanos = System.nanoTime();
        long machineBusy = ProcStats.machineBusyMillis();
        long operatorCpu = operator.usage().cpuMillis();
        Map<String, Long> operatorThreads = ProcStats.threadCpuMillis(operator.pid());
        long benchCpu = ProcStats.cpuMillis(self);
        Map<String, Long> benchThreads = ProcStats.eachThreadCpuMillis(self);
        RequestLog.Counts requests = requestLog.counts();
        if (!start) {
            metrics = operator.metrics();
        }
        OptionalDouble passes =
                PrometheusText.sum(
                        metrics, "locus_scheduling_pass_duration_seconds_count", Map.of());
        return new Snapshot(
                nanos,
                machineBusy,
                operatorCpu,
                operatorThreads,
                benchCpu,
                benchThreads,
                requests,
                passes.isPresent() ? passes.getAsDouble() : null,
                metrics);
    }

    /** Requests answered after {@code this} until {@code after}, per placed workload. */
    Results.Requests requestsUntil(Snapshot after, int placed) {
        RequestLog.Counts d = after.requests().since(requests);
        double per = Math.max(placed, 1);
        Map<String, Double> hub = new LinkedHashMap<>();
        RequestLog.Counts.top(d.hub(), 10).forEach((k, v) -> hub.put(k, v / per));
        Map<String, Double> members = new LinkedHashMap<>();
        RequestLog.Counts.top(d.members(), 6).forEach((k, v) -> members.put(k, v / per));
        return new Results.Requests(d.hubTotal() / per, d.memberTotal() / per, hub, members);
    }

    /** The CPU spent from {@code start} (nanoTime) until the later snapshot. */
    Results.Cpu cpuUntil(Snapshot after, long start) {
        Map<String, Double> threads = new LinkedHashMap<>();
        after.operatorThreads().entrySet().stream()
                .map(
                        e ->
                                Map.entry(
                                        e.getKey(),
                                        e.getValue()
                                                - operatorThreads.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> threads.put(e.getKey(), e.getValue() / 1000.0));
        String busiest = "-";
        long busiestMillis = 0;
        for (var e : after.benchThreads().entrySet()) {
            long d = e.getValue() - benchThreads.getOrDefault(e.getKey(), 0L);
            if (d > busiestMillis) {
                busiestMillis = d;
                busiest = e.getKey();
            }
        }
        double operatorSeconds = (after.operatorCpu() - operatorCpu) / 1000.0;
        double benchSeconds = (after.benchCpu() - benchCpu) / 1000.0;
        double machineSeconds = (after.machineBusy() - machineBusy) / 1000.0;
        return new Results.Cpu(
                (after.nanos() - Math.min(start, nanos)) / 1e9,
                Runtime.getRuntime().availableProcessors(),
                operatorSeconds,
                benchSeconds,
                threads,
                busiest,
                busiestMillis / 1000.0,
                Math.max(0, machineSeconds - operatorSeconds - benchSeconds));
    }
}
