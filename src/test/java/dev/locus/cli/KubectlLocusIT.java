package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged application through bin/kubectl-locus, as a user runs it. */
class KubectlLocusIT {

    record Result(int code, String out, String err) {}

    static Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        String path = Path.of("bin").toAbsolutePath() + File.pathSeparator + System.getenv("PATH");
        pb.environment().put("PATH", path);
        Path out = Files.createTempFile("locus-out", ".txt");
        Path err = Files.createTempFile("locus-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void planPrintsJsonForTheExamples() throws Exception {
        Result r = exec(List.of("bin/kubectl-locus", "plan", "-f", "examples/", "-o", "json"));
        assertThat(r.code()).as(r.err()).isZero();
        // Every example workload but the one given as placed (hparam-sweep).
        assertThat(new ObjectMapper().readTree(r.out()).get("placements")).hasSize(11);
    }

    @Test
    void badInputExitsTwoWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                "apiVersion: locus.dev/v1alpha1\nkind: TrainingJob\nmetadata: {name: x}\nspec: {workers: 0}\n");
        Result r = exec(List.of("bin/kubectl-locus", "plan", "-f", bad.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("spec.workers: must be >= 1, got 0")
                .doesNotContain("Exception");
    }

    @Test
    void theDemoRunsTheOperatorOnTheExamplesAndExitsZero() throws Exception {
        Result r = exec(List.of("bin/kubectl-locus", "demo", "--timeout", "60"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("Started a hub API server and 6 member API servers")
                // Personal EU data stays in the EU although the US pool is cheaper.
                .containsPattern("ml-research/claims-finetune +\\w+ +eu +osl-1 +osl-1-h100")
                .containsPattern("ml-research/llm-pretrain-xl +Unschedulable +eu .*0/10 pools fit")
                .containsPattern("ml-research/llm-pretrain-de +Succeeded")
                .contains("Remote status flowed back");
        // The preemption scene: the batch job gives way to the urgent one and comes back.
        assertThat(r.out())
                .containsPattern("ml-prod/urgent-retrain +Running +eu +fra-1 +fra-1-h100")
                .contains("ml-research/nightly-batch was preempted: restarts 1")
                .containsPattern(
                        "Pending +restarts 1  Placed=False Preempted: preempted by TrainingJob"
                                + " ml-prod/urgent-retrain \\(priority 90\\)")
                .contains("Event Warning Preempted on ml-research/nightly-batch")
                .contains("Event Normal Preempting on ml-prod/urgent-retrain")
                .contains("Its remote Job was removed from fra-1")
                // prod's 2 on par-1 and the urgent job's 32 are 2 over its 32: borrowed.
                .containsPattern("prod +ml +eu +H100,H200 +34 +32 +2 ")
                .containsPattern("ml-prod/urgent-retrain +Succeeded")
                .contains(
                        "ml-research/nightly-batch was placed again on fra-1/fra-1-h100 (restarts 1)");
        // The energy scene, on the operator's simulated clock: green-finetune waits for osl-1's
        // cleaner hour, runs then, and records its energy, which the report sums.
        assertThat(r.out())
                .contains("on a simulated clock that starts at 2026-11-30T12:00:00Z")
                .containsPattern(
                        "ml-research/green-finetune +Deferred +eu .*"
                                + "waiting for 22:00Z on osl-1: 16 g/kWh vs 60 now")
                .contains("startAfter 2026-11-30T22:00:00Z")
                .contains("The demo moves the operator's clock to 2026-11-30T22:00:00Z.")
                .containsPattern("ml-research/green-finetune +Running +eu +osl-1 +osl-1-h100")
                .containsPattern(
                        "ml-research/green-finetune was placed on osl-1/osl-1-h100 at"
                                + " 2026-11-30T22:00:\\d\\d(\\.\\d+)?Z")
                .contains("status.placement.energy records 12 g CO2e/kWh and 700 W")
                // Its 32 H100s at 700 W against osl-1's budget.
                .containsPattern("osl-1 +22\\.4 +40\\.0")
                .containsPattern("ml-research/green-finetune +Succeeded +eu +osl-1")
                // 32 x 6 h x 700 W = 134.4 kWh at 12 g/kWh; (60 - 16) g/kWh of it avoided.
                .contains(
                        "status.energy: 192.00 accelerator-hours, 134.40 kWh, 1.613 kg CO2e;"
                                + " 5.913 kg CO2e avoided")
                .containsPattern("CLUSTER +WORKLOADS +ACCELERATOR-HOURS +KWH +KG CO2E")
                .containsPattern("osl-1 +3 +[\\d.]+ +[\\d.]+ +[\\d.]+ +5\\.913");
        assertThat(r.err()).doesNotContain("Exception");
        Matcher log = Pattern.compile("warnings and errors go to (\\S+)").matcher(r.out());
        assertThat(log.find()).as(r.out()).isTrue();
        assertThat(Path.of(log.group(1))).exists();
    }

    @Test
    void theDemoKeepsRunningUntilStoppedAndThenRemovesItsKubeconfig(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("demo.out");
        Process demo =
                new ProcessBuilder("bin/kubectl-locus", "demo", "--keep-running")
                        .redirectOutput(out.toFile())
                        .redirectError(dir.resolve("demo.err").toFile())
                        .start();
        Path kubeconfig;
        try {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.readString(out).contains("Press Ctrl-C to stop."));
            Matcher printed =
                    Pattern.compile("kubectl --kubeconfig (\\S+) get")
                            .matcher(Files.readString(out));
            assertThat(printed.find()).isTrue();
            kubeconfig = Path.of(printed.group(1));
            assertThat(Files.readString(kubeconfig)).contains("server: \"http://127.0.0.1:");
        } finally {
            demo.destroy(); // SIGTERM, as Ctrl-C ends it: the JVM's shutdown hooks run
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(kubeconfig).doesNotExist();
    }

    @Test
    void worksAsAKubectlPlugin() throws Exception {
        List<String> which = new ArrayList<>(List.of("sh", "-c", "command -v kubectl"));
        assumeTrue(exec(which).code() == 0, "kubectl is not on the PATH: plugin check skipped");
        Result r =
                exec(
                        List.of(
                                "kubectl",
                                "locus",
                                "plan",
                                "-f",
                                "examples/fleet",
                                "-f",
                                "examples/workloads/trainingjobs.yaml"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("llm-pretrain-de").contains("8 workload(s)");
    }
}
