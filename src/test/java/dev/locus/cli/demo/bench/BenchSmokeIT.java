package dev.locus.cli.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/kubectl-locus bench --quick}, as CI runs it: every phase completes within its bounds
 * and every figure is printed and written (not what the figures are: that is BENCHMARKS.md's
 * business). Runs after {@code package}: it starts the packaged operator as a process of its own.
 */
class BenchSmokeIT {

    /**
     * A bound, so a stuck run fails rather than hangs. --quick takes about 90 s on an otherwise
     * idle 2-core machine; the bound leaves room for a machine shared with other builds.
     */
    static final long BUDGET_SECONDS = 240;

    @Test
    void theQuickBenchmarkCompletesAndPrintsEveryFigure(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.out");
        Path json = dir.resolve("bench.json");
        Path markdown = dir.resolve("bench.md");
        Process bench =
                new ProcessBuilder(
                                "bin/kubectl-locus",
                                "bench",
                                "--quick",
                                "--json",
                                json.toString(),
                                "--markdown",
                                markdown.toString(),
                                "--work-dir",
                                dir.resolve("work").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        boolean finished = bench.waitFor(BUDGET_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            bench.destroy();
            bench.waitFor(30, TimeUnit.SECONDS);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(finished).as("finished within %d s:%n%s", BUDGET_SECONDS, text).isTrue();
        assertThat(bench.exitValue()).as(text).isZero();
        assertThat(text)
                .contains("Every phase completed.")
                .doesNotContain("PROBLEM", "Exception")
                // Every figure of every phase, by its heading.
                .contains("Bare-client ceiling", "WORKLOADS/S")
                .contains("PLACED/S", "DISPATCHED/S", "CEILING/S", "RATIO")
                .contains("APPLY->PLACED p50/p99/max", "APPLY->DISPATCHED p50/p99/max")
                .contains("CPU/PLACED", "PASSES")
                .contains("RSS", "HEAP USED", "RSS AFTER GC", "HEAP USED AFTER GC")
                .contains("burst-100", "burst-200", "steady-10/s", "hold-150", "many-members-10")
                .contains("Targets (the issue's");

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("complete").asBoolean()).isTrue();
        // One per distinct size: the bursts' and the steady phase's (100 workloads, as a burst).
        assertThat(doc.get("ceilings")).hasSize(2);
        doc.get("ceilings").forEach(c -> assertThat(c.get("perSecond").asDouble()).isPositive());
        assertThat(doc.get("throughput")).hasSize(3);
        for (JsonNode t : doc.get("throughput")) {
            String phase = t.get("phase").asText();
            for (String figure :
                    List.of(
                            "placedPerSecond",
                            "dispatchedPerSecond",
                            "ceilingPerSecond",
                            "ratioToCeiling",
                            "cpuMsPerPlaced",
                            "schedulingPasses")) {
                assertThat(t.get(figure).isNumber()).as(phase + " " + figure).isTrue();
            }
            for (String latencies : List.of("toPlaced", "toDispatched")) {
                for (String p : List.of("p50", "p99", "max")) {
                    assertThat(t.get(latencies).get(p).isNumber())
                            .as(phase + " " + latencies + " " + p)
                            .isTrue();
                }
            }
            assertThat(t.get("placed").asInt()).isEqualTo(t.get("workloads").asInt());
            assertThat(t.at("/cpu/operatorSeconds").asDouble()).isPositive();
            assertThat(t.at("/requests/hubPerPlaced").asDouble()).isPositive();
        }
        assertThat(doc.get("memory")).hasSize(2);
        for (JsonNode m : doc.get("memory")) {
            for (String figure :
                    List.of("rssMiB", "heapUsedMiB", "rssAfterGcMiB", "heapUsedAfterGcMiB")) {
                assertThat(m.get(figure).isNumber()).as(m.get("phase") + " " + figure).isTrue();
            }
        }
        assertThat(doc.at("/memory/1/members").asInt()).isEqualTo(10);
        assertThat(doc.get("targets")).isNotEmpty();
        assertThat(Files.readString(markdown)).contains("| target | measured | met |");
    }
}
