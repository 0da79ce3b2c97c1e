package dev.locus.cli.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.cli.LocusMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    static BenchCommand.Settings settings(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void theDefaultsAreTheIssues() {
        BenchCommand.Settings s = settings();
        assertThat(s.quick()).isFalse();
        assertThat(s.phases()).containsExactlyElementsOf(BenchCommand.PHASES);
        assertThat(s.fleet()).isEqualTo(new BenchFleet.Shape(8, 2, 2048, 8));
        // 100 members of 100 GPU nodes: two pools of 50 nodes each.
        assertThat(s.manyFleet()).isEqualTo(new BenchFleet.Shape(100, 2, 400, 8));
        assertThat(s.manyFleet().nodes()).isEqualTo(10_000);
        assertThat(s.bursts()).containsExactly(1000, 5000);
        assertThat(s.steadyRate()).isEqualTo(50);
        assertThat(s.steadySeconds()).isEqualTo(60);
        assertThat(s.steadyCount()).isEqualTo(3000);
        assertThat(s.hold()).isEqualTo(15_000);
        assertThat(s.threads()).isEqualTo(8);
        assertThat(s.heap()).isEqualTo("576m");
        assertThat(s.warmup()).isEqualTo(3000);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(1200));
    }

    @Test
    void quickScalesEverythingDownAndExplicitOptionsStillApply() {
        BenchCommand.Settings q = settings("--quick");
        assertThat(q.bursts()).containsExactly(100, 200);
        assertThat(q.steadySeconds()).isEqualTo(10);
        assertThat(q.hold()).isEqualTo(150);
        assertThat(q.warmup()).isZero();
        assertThat(q.manyFleet()).isEqualTo(new BenchFleet.Shape(10, 2, 80, 8));
        assertThat(q.manyFleet().members()).isEqualTo(10);
        assertThat(q.fleet().gpusPerPool()).isEqualTo(128);
        assertThat(q.timeout()).isEqualTo(Duration.ofSeconds(60));

        BenchCommand.Settings mixed =
                settings(
                        "--quick",
                        "--bursts",
                        "50,60,70",
                        "--hold",
                        "700",
                        "--phases",
                        "burst,HOLD",
                        "--operator-heap",
                        "none");
        assertThat(mixed.bursts()).containsExactly(50, 60, 70);
        assertThat(mixed.hold()).isEqualTo(700);
        assertThat(mixed.steadySeconds()).isEqualTo(10);
        assertThat(mixed.phases()).containsExactly("burst", "hold");
        assertThat(mixed.runs("steady")).isFalse();
        assertThat(mixed.heap()).isNull();
    }

    @Test
    void theOperatorRunsWithTheImagesCollectorUnlessToldOtherwise() {
        BenchCommand image = new BenchCommand();
        new CommandLine(image).parseArgs("--operator-jvm-option", "-Xss512k");
        assertThat(image.jvmOptions())
                .startsWith("-XX:+UseParallelGC", "-XX:MinHeapFreeRatio=10")
                .endsWith("-Xss512k");
        BenchCommand jvm = new BenchCommand();
        new CommandLine(jvm).parseArgs("--operator-gc", "jvm");
        assertThat(jvm.jvmOptions()).isEmpty();
    }

    @Test
    void badOptionsExitTwoWithAMessage() {
        for (List<String> args :
                List.of(
                        List.of("--phases", "burst,nope"),
                        List.of("--bursts", "0"),
                        List.of("--threads", "0"),
                        List.of("--hold", "-3"),
                        List.of("--operator-gc", "g1"))) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new BenchCommand());
            cli.setErr(new PrintWriter(err));
            cli.setOut(new PrintWriter(new StringWriter()));
            assertThat(cli.execute(args.toArray(String[]::new))).as(args.toString()).isEqualTo(2);
            assertThat(err.toString())
                    .as(args.toString())
                    .containsAnyOf("unknown phase", "at least 1", "must be image or jvm");
        }
    }

    @Test
    void theCommandLineOfTheDemoClasspathHasTheBenchmark() {
        // The tests' classpath has the mock API server, as bin/kubectl-locus bench gives it.
        assertThat(LocusMain.commandLine().getSubcommands()).containsKeys("bench", "demo", "plan");
        assertThat(BenchCommand.defaultApp().toString()).endsWith("quarkus-app");
    }
}
