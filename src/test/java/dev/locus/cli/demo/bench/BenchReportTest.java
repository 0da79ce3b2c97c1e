package dev.locus.cli.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    static Results.Throughput throughput(
            String phase,
            String kind,
            double placedPerSecond,
            double ceiling,
            double seconds,
            double p99Placed,
            double p99Dispatched,
            double cpuMs) {
        return new Results.Throughput(
                phase,
                kind,
                1000,
                1000,
                1000,
                1000,
                1.0,
                seconds,
                seconds + 1,
                placedPerSecond,
                placedPerSecond,
                ceiling,
                placedPerSecond / ceiling,
                new Results.Latencies(1000, 10.0, p99Placed, p99Placed + 1),
                new Results.Latencies(1000, 20.0, p99Dispatched, p99Dispatched + 1),
                cpuMs,
                12L,
                new Results.Cpu(
                        10, 2, 5, 4, Map.of("pool-N-thread-N", 3.0), "vert.x-eventloo 17", 6, 1),
                new Results.Requests(
                        8, 3, Map.of("PUT trainingjobs/status", 2.0), Map.of("POST jobs", 1.0)),
                Map.of("TrainingJob", 3.0),
                true,
                "");
    }

    static Results.Memory memory(String phase, long rss) {
        return new Results.Memory(
                phase,
                "8 members",
                8,
                4096,
                15000,
                15000,
                15000,
                100,
                300L,
                rss,
                200.0,
                300.0,
                90.0,
                rss + 10,
                150.0,
                true,
                new Results.Scrape(1000, 1.5, 40),
                true,
                "");
    }

    static Results results() {
        Results r = new Results();
        r.ceilings.add(new Results.Ceiling(1000, 1000, 5, 200, true));
        r.throughput.add(throughput("burst-1000", "burst", 120, 200, 8.3, 2500, 6000, 4.0));
        r.throughput.add(throughput("burst-5000", "burst", 100, 200, 50, 9000, 9500, 6.0));
        r.throughput.add(throughput("steady-50/s", "steady", 50, 200, 60, 300, 400, 3.0));
        r.memory.add(memory("hold-15000", 380));
        r.memory.add(memory("many-members-100", 1100));
        return r;
    }

    @Test
    void theIssuesTargetsAreJudgedOnTheFigures() {
        Map<String, Boolean> met = new LinkedHashMap<>();
        for (Results.Target t : new BenchReport(Map.of(), results()).targets()) {
            met.put(t.target(), t.met());
        }
        assertThat(met)
                .containsEntry("burst-1000: placed/s >= 0.5 x the bare-client ceiling", true)
                .containsEntry("burst-1000: p99 apply->placed <= 3 s", true)
                .containsEntry("burst-1000: p99 apply->dispatched <= 5 s", false)
                .containsEntry("steady-50/s: p99 apply->placed <= 250 ms", false)
                .containsEntry("burst-1000: operator CPU <= 5 ms per placed workload", true)
                .containsEntry("burst-5000: operator CPU <= 5 ms per placed workload", false)
                .containsEntry("burst-5000 takes <= 6 x the time of burst-1000", false)
                .containsEntry("hold-15000: RSS <= 400 MiB holding 15,000 placed (8 members)", true)
                .containsEntry(
                        "many-members-100: RSS <= 1024 MiB holding 15,000 placed (8 members)",
                        false);
    }

    @Test
    void aTargetWithoutItsFigureIsNotJudged() {
        Results r = new Results();
        r.throughput.add(
                new Results.Throughput(
                        "burst-10",
                        "burst",
                        10,
                        0,
                        0,
                        0,
                        0,
                        Double.NaN,
                        Double.NaN,
                        0,
                        0,
                        null,
                        null,
                        Results.Latencies.of(List.of()),
                        Results.Latencies.of(List.of()),
                        null,
                        null,
                        new Results.Cpu(1, 2, 0, 0, Map.of(), "-", 0, 0),
                        new Results.Requests(0, 0, Map.of(), Map.of()),
                        Map.of(),
                        false,
                        "x"));
        assertThat(new BenchReport(Map.of(), r).targets())
                .allSatisfy(t -> assertThat(t.met()).as(t.target()).isNull());
    }

    @Test
    void theTablesJsonAndMarkdownCarryEveryFigure() throws Exception {
        BenchReport report = new BenchReport(Map.of("machine", "test"), results());
        assertThat(report.text())
                .contains("WORKLOADS/S", "PLACED/S", "DISPATCHED/S", "CEILING/S", "RATIO")
                .contains("APPLY->PLACED p50/p99/max", "CPU/PLACED", "PASSES")
                .contains(
                        "RSS",
                        "HEAP USED",
                        "MOST FREQUENT ON THE HUB",
                        "OPERATOR'S BUSIEST THREADS")
                .contains("10/2,500/2,501 ms", "4.00 ms", "0.60");
        JsonNode json = new ObjectMapper().readTree(report.json());
        assertThat(json.get("throughput")).hasSize(3);
        assertThat(json.at("/throughput/0/toPlaced/p99").asDouble()).isEqualTo(2500);
        assertThat(json.at("/memory/1/rssMiB").asLong()).isEqualTo(1100);
        assertThat(json.get("targets").size()).isEqualTo(10);
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(report.markdown())
                .contains("| target | measured | met |")
                .contains("| burst-1000 | 1,000 |")
                .contains("| machine | test |");
    }
}
