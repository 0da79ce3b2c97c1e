package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.locus.cli.EnergyReport.Report;
import dev.locus.cli.EnergyReport.Row;
import dev.locus.cli.EnergyReport.Run;
import dev.locus.cli.EnergyReport.Share;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Summing finished runs per zone and per cluster. */
class EnergyReportTest {

    /** A run of 10 accelerator-hours, 7 kWh, 700 g CO2e, and {@code avoided} g avoided. */
    static Run run(String name, String zone, double avoided, Share... shares) {
        return new Run("TrainingJob", "ml", name, zone, List.of(shares), 10, 7, 700, avoided);
    }

    static Share on(String cluster, double accelerators) {
        return new Share(cluster, accelerators);
    }

    static Row row(String name, int workloads, double factor, double avoided) {
        return new Row(name, workloads, 10 * factor, 7 * factor, 700 * factor, avoided);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "nothing finished", List.of(), List.of(), List.of(), row("TOTAL", 0, 0, 0)),
                Arguments.of(
                        "one run on one cluster",
                        List.of(run("a", "eu", 0, on("fra-1", 8))),
                        List.of(row("eu", 1, 1, 0)),
                        List.of(row("fra-1", 1, 1, 0)),
                        row("TOTAL", 1, 1, 0)),
                Arguments.of(
                        "a run on two clusters splits by accelerators",
                        List.of(run("a", "eu", 100, on("fra-1", 24), on("ams-1", 8))),
                        List.of(row("eu", 1, 1, 100)),
                        List.of(row("ams-1", 1, 0.25, 25), row("fra-1", 1, 0.75, 75)),
                        row("TOTAL", 1, 1, 100)),
                Arguments.of(
                        "no accelerators known: split equally",
                        List.of(run("a", "eu", 0, on("fra-1", 0), on("ams-1", 0))),
                        List.of(row("eu", 1, 1, 0)),
                        List.of(row("ams-1", 1, 0.5, 0), row("fra-1", 1, 0.5, 0)),
                        row("TOTAL", 1, 1, 0)),
                Arguments.of(
                        "two pools of one cluster count once there",
                        List.of(run("a", "eu", 0, on("fra-1", 8), on("fra-1", 8))),
                        List.of(row("eu", 1, 1, 0)),
                        List.of(row("fra-1", 1, 1, 0)),
                        row("TOTAL", 1, 1, 0)),
                Arguments.of(
                        "no zone, no assignment: none, listed last",
                        List.of(run("a", "none", 0), run("b", "eu", 0, on("osl-1", 8))),
                        List.of(row("eu", 1, 1, 0), row("none", 1, 1, 0)),
                        List.of(row("osl-1", 1, 1, 0), row("none", 1, 1, 0)),
                        row("TOTAL", 2, 2, 0)),
                Arguments.of(
                        "zones and clusters sum their runs; a dirtier later start avoids less",
                        List.of(
                                run("a", "eu", 500, on("osl-1", 8)),
                                run("b", "eu", -100, on("osl-1", 8)),
                                run("c", "us", 0, on("iad-1", 8))),
                        List.of(row("eu", 2, 2, 400), row("us", 1, 1, 0)),
                        List.of(row("iad-1", 1, 1, 0), row("osl-1", 2, 2, 400)),
                        row("TOTAL", 3, 3, 400)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sumsPerZoneAndPerCluster(
            String name, List<Run> runs, List<Row> zones, List<Row> clusters, Row total) {
        Report report = EnergyReport.aggregate(runs, 0);
        assertRows(report.zones(), zones);
        assertRows(report.clusters(), clusters);
        assertRows(List.of(report.total()), List.of(total));
    }

    static void assertRows(List<Row> actual, List<Row> expected) {
        assertThat(actual)
                .extracting(Row::name)
                .containsExactlyElementsOf(expected.stream().map(Row::name).toList());
        for (int i = 0; i < expected.size(); i++) {
            Row a = actual.get(i);
            Row e = expected.get(i);
            assertThat(a.workloads()).as(e.name()).isEqualTo(e.workloads());
            assertThat(a.acceleratorHours())
                    .as(e.name())
                    .isCloseTo(e.acceleratorHours(), within(1e-9));
            assertThat(a.kilowattHours()).as(e.name()).isCloseTo(e.kilowattHours(), within(1e-9));
            assertThat(a.gramsCO2e()).as(e.name()).isCloseTo(e.gramsCO2e(), within(1e-9));
            assertThat(a.gramsCO2eAvoided())
                    .as(e.name())
                    .isCloseTo(e.gramsCO2eAvoided(), within(1e-9));
        }
    }

    @Test
    void theTableShowsKilogramsAndTotals() {
        Report report =
                EnergyReport.aggregate(
                        List.of(run("a", "eu", 250, on("fra-1", 24), on("ams-1", 8))), 2);
        assertThat(EnergyReport.table(report))
                .isEqualTo(
                        """
                        ZONE   WORKLOADS  ACCELERATOR-HOURS  KWH   KG CO2E  KG CO2E AVOIDED
                        eu     1          10.00              7.00  0.700    0.250
                        TOTAL  1          10.00              7.00  0.700    0.250

                        CLUSTER  WORKLOADS  ACCELERATOR-HOURS  KWH   KG CO2E  KG CO2E AVOIDED
                        ams-1    1          2.50               1.75  0.175    0.063
                        fra-1    1          7.50               5.25  0.525    0.188
                        TOTAL    1          10.00              7.00  0.700    0.250

                        2 finished workload(s) without status.energy are not counted.
                        """);
    }
}
