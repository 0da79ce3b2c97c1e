package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.api.v1alpha1.ForecastEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The forecast CSV: what it reads, and every bad line named by file, line and field. */
class ForecastCsvTest {

    static final String HEADER = "cluster,from,carbonIntensityGramsPerKwh,pricePerKwh\n";

    @Test
    void readsEachClustersHoursOrderedByFrom() throws Exception {
        Map<String, List<ForecastEntry>> forecasts =
                ForecastCsv.parse(
                        "f.csv",
                        "\uFEFF"
                                + HEADER
                                + "# comments and empty lines are skipped\n"
                                + "osl-1,2026-11-30T01:00:00Z,15,0.04\n"
                                + "\n"
                                + "osl-1,2026-11-30T00:00:00Z,12.5,\n"
                                + "par-1 , \"2026-11-30T02:00:00+01:00\" ,40,0.06\r\n");

        assertThat(forecasts).containsOnlyKeys("osl-1", "par-1");
        assertThat(forecasts.get("osl-1"))
                .extracting(
                        ForecastEntry::getFrom,
                        ForecastEntry::getCarbonIntensityGramsPerKwh,
                        ForecastEntry::getPricePerKwh)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-11-30T00:00:00Z", 12.5, null),
                        org.assertj.core.groups.Tuple.tuple("2026-11-30T01:00:00Z", 15.0, 0.04));
        // An offset is read as the UTC hour it names.
        assertThat(forecasts.get("par-1").get(0).getFrom()).isEqualTo("2026-11-30T01:00:00Z");
    }

    @Test
    void columnsMayComeInAnyOrderAndPriceMayBeLeftOut() throws Exception {
        var forecasts =
                ForecastCsv.parse(
                        "f.csv",
                        "from,carbonIntensityGramsPerKwh,cluster\n2026-11-30T00:00:00Z,7,fra-1\n");
        assertThat(forecasts.get("fra-1"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.getCarbonIntensityGramsPerKwh()).isEqualTo(7.0);
                            assertThat(e.getPricePerKwh()).isNull();
                        });
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("", "f.csv: no header line"),
                bad("# only a comment\n", "f.csv: no header line"),
                bad(HEADER, "f.csv:1: no forecast lines after the header"),
                bad(
                        "cluster,from,carbon\n",
                        "f.csv:1: header: unknown column 'carbon'",
                        "f.csv:1: header: column 'carbonIntensityGramsPerKwh' is missing"),
                bad(
                        "cluster,from,carbonIntensityGramsPerKwh,from\n",
                        "f.csv:1: header: column 'from' appears twice"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00Z,15\n",
                        "f.csv:2: expected 4 fields"
                                + " (cluster,from,carbonIntensityGramsPerKwh,pricePerKwh), got 3"),
                bad(HEADER + ",2026-11-30T00:00:00Z,15,1\n", "f.csv:2: cluster: is required"),
                bad(
                        HEADER + "Osl_1,2026-11-30T00:00:00Z,15,1\n",
                        "f.csv:2: cluster: 'Osl_1' is not a Cluster name"),
                bad(HEADER + "osl-1,,15,1\n", "f.csv:2: from: is required"),
                bad(
                        HEADER + "osl-1,2026-11-30 00:00,15,1\n",
                        "f.csv:2: from: '2026-11-30 00:00' is not an RFC 3339 time"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:30:00Z,15,1\n",
                        "f.csv:2: from: '2026-11-30T00:30:00Z' is not the start of a UTC hour"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00+05:30,15,1\n",
                        "f.csv:2: from: '2026-11-30T00:00:00+05:30' is not the start of a UTC hour"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00Z,,1\n",
                        "f.csv:2: carbonIntensityGramsPerKwh: is required"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00Z,-1,1\n",
                        "f.csv:2: carbonIntensityGramsPerKwh: -1 is negative"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00Z,lots,1\n",
                        "f.csv:2: carbonIntensityGramsPerKwh: 'lots' is not a number"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00Z,NaN,1\n",
                        "f.csv:2: carbonIntensityGramsPerKwh: 'NaN' is not a number"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00Z,20000,1\n",
                        "f.csv:2: carbonIntensityGramsPerKwh: 20000 is above 10000"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00Z,15,-0.01\n",
                        "f.csv:2: pricePerKwh: -0.01 is negative"),
                bad(
                        HEADER + "osl-1,2026-11-30T00:00:00Z,15,0x1p3\n",
                        "f.csv:2: pricePerKwh: '0x1p3' is not a number"),
                bad(
                        HEADER
                                + "osl-1,2026-11-30T00:00:00Z,15,1\n"
                                + "par-1,2026-11-30T00:00:00Z,15,1\n"
                                + "osl-1,2026-11-30T01:00:00+01:00,16,1\n",
                        "f.csv:4: from: 2026-11-30T00:00:00Z for cluster osl-1 is already given"
                                + " on line 2"),
                bad(
                        HEADER + week("osl-1", 169),
                        "f.csv:170: cluster: osl-1 has 169 hours; a Cluster's forecast holds at"
                                + " most 168"));
    }

    static Arguments bad(String csv, String... expected) {
        return Arguments.of(csv, List.of(expected));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void badInputIsNamedByFileLineAndField(String csv, List<String> expected) {
        assertThatThrownBy(() -> ForecastCsv.parse("f.csv", csv))
                .isInstanceOfSatisfying(
                        ForecastCsv.Invalid.class,
                        e -> {
                            assertThat(e.problems()).hasSize(expected.size());
                            for (int i = 0; i < expected.size(); i++) {
                                assertThat(e.problems().get(i)).startsWith(expected.get(i));
                            }
                        });
    }

    @Test
    void everyBadLineIsReportedNotOnlyTheFirst() {
        String csv =
                HEADER
                        + "osl-1,2026-11-30T00:00:00Z,15,0.04\n"
                        + "osl-1,2026-11-30T01:00:00Z,x,0.04\n"
                        + "par-1,2026-11-30T00:10:00Z,15,-1\n";
        assertThatThrownBy(() -> ForecastCsv.parse("f.csv", csv))
                .isInstanceOfSatisfying(
                        ForecastCsv.Invalid.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "f.csv:3: carbonIntensityGramsPerKwh: 'x' is not a"
                                                        + " number",
                                                "f.csv:4: from: '2026-11-30T00:10:00Z' is not the"
                                                        + " start of a UTC hour (each entry covers"
                                                        + " [from, from + 1 h))",
                                                "f.csv:4: pricePerKwh: -1 is negative"));
    }

    @Test
    void aWeekIsTheMostAClusterMayHave() throws Exception {
        assertThat(ForecastCsv.parse("f.csv", HEADER + week("osl-1", 168)).get("osl-1"))
                .hasSize(168);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ForecastCsv.read(Path.of("no/such.csv")))
                .isInstanceOfSatisfying(
                        ForecastCsv.Invalid.class,
                        e ->
                                assertThat(e.problems().get(0))
                                        .startsWith("no/such.csv: cannot read"));
    }

    static String week(String cluster, int hours) {
        return IntStream.range(0, hours)
                .mapToObj(
                        h ->
                                cluster
                                        + ","
                                        + java.time.Instant.parse("2026-11-30T00:00:00Z")
                                                .plusSeconds(3600L * h)
                                        + ",10,0.1\n")
                .collect(Collectors.joining());
    }
}
