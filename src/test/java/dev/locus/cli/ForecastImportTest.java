package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ForecastEntry;
import dev.locus.api.v1alpha1.Power;
import dev.locus.cli.PlanCommandTest.Run;
import dev.locus.testing.TestFiles;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl locus forecast import} against fabric8's mock API server (CRUD). */
class ForecastImportTest {

    static final String SAMPLE = "examples/energy/forecast.csv";

    @TempDir Path dir;

    MockApiServer api;

    @BeforeEach
    void start() throws Exception {
        api = new MockApiServer(dir);
        for (String name : List.of("osl-1", "par-1")) {
            Cluster cluster = new Cluster();
            cluster.setMetadata(new ObjectMetaBuilder().withName(name).build());
            Power power = new Power();
            power.setCarbonIntensityGramsPerKwh(100.0);
            power.setBudgetKilowatts(50.0);
            cluster.getSpec().setPower(power);
            api.client.resource(cluster).create();
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    Run importing(String... args) {
        String[] all = new String[args.length + 6];
        all[0] = "forecast";
        all[1] = "import";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--kubeconfig";
        all[args.length + 3] = api.kubeconfig.toString();
        all[args.length + 4] = "--context";
        all[args.length + 5] = "mock";
        return PlanCommandTest.run(all);
    }

    Path csv(String text) throws Exception {
        Path file = dir.resolve("forecast.csv");
        Files.writeString(file, text);
        return file;
    }

    Power power(String cluster) {
        return api.client.resources(Cluster.class).withName(cluster).get().getSpec().getPower();
    }

    @Test
    void replacesEachClustersForecastAndKeepsTheRestOfItsPower() throws Exception {
        Path file =
                csv(
                        ForecastCsvTest.HEADER
                                + "osl-1,2026-11-30T01:00:00Z,15,0.04\n"
                                + "osl-1,2026-11-30T00:00:00Z,12,\n"
                                + "par-1,2026-11-30T00:00:00Z,40,0.06\n");

        Run run = importing(file.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .isEqualTo(
                        "cluster.locus.dev/osl-1 forecast replaced: 2 hour(s) from"
                                + " 2026-11-30T00:00:00Z to 2026-11-30T01:00:00Z\n"
                                + "cluster.locus.dev/par-1 forecast replaced: 1 hour(s) from"
                                + " 2026-11-30T00:00:00Z to 2026-11-30T00:00:00Z\n");
        // What was sent: each Cluster read (it must exist), then one JSON merge patch each, which
        // holds the whole forecast (dryRunPrintsThePatchesAndWritesNothing shows one): a merge
        // patch replaces a list (RFC 7386), so what the Cluster had is gone. (The mock API server
        // merges lists instead: the Clusters here start without a forecast.)
        List<String> gets = new java.util.ArrayList<>();
        var patches = writes(gets);
        assertThat(gets)
                .containsExactly(
                        "/apis/locus.dev/v1alpha1/clusters/osl-1",
                        "/apis/locus.dev/v1alpha1/clusters/par-1");
        assertThat(patches)
                .extracting(r -> r.getMethod() + " " + r.getPath())
                .containsExactly(
                        "PATCH /apis/locus.dev/v1alpha1/clusters/osl-1",
                        "PATCH /apis/locus.dev/v1alpha1/clusters/par-1");
        assertThat(patches.get(0).getHeader("Content-Type"))
                .startsWith("application/merge-patch+json");
        Power osl = power("osl-1");
        assertThat(osl.getForecast())
                .extracting(ForecastEntry::getFrom)
                .containsExactly("2026-11-30T00:00:00Z", "2026-11-30T01:00:00Z");
        assertThat(osl.getForecast().get(0).getCarbonIntensityGramsPerKwh()).isEqualTo(12.0);
        assertThat(osl.getForecast().get(0).getPricePerKwh()).isNull();
        assertThat(osl.getForecast().get(1).getPricePerKwh()).isEqualTo(0.04);
        // A merge patch: what else the Cluster says stays.
        assertThat(osl.getCarbonIntensityGramsPerKwh()).isEqualTo(100.0);
        assertThat(osl.getBudgetKilowatts()).isEqualTo(50.0);
        assertThat(power("par-1").getForecast()).hasSize(1);
    }

    @Test
    void theSampleFeedsTheExampleFleet() throws Exception {
        Set<String> fleet =
                TestFiles.ofKind(Path.of("examples/fleet"), "Cluster", Cluster.class).stream()
                        .map(c -> c.getMetadata().getName())
                        .collect(Collectors.toSet());
        var sample = ForecastCsv.read(Path.of(SAMPLE));
        assertThat(sample.keySet()).isEqualTo(fleet);
        assertThat(sample.values()).allSatisfy(hours -> assertThat(hours).hasSize(24));
        // Where the example fleet has a forecast, the sample gives the same hours.
        for (Cluster cluster :
                TestFiles.ofKind(Path.of("examples/fleet"), "Cluster", Cluster.class)) {
            List<ForecastEntry> given = cluster.getSpec().getPower().getForecast();
            if (given == null || given.isEmpty()) {
                continue;
            }
            var mapper = new ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode sampled =
                    mapper.valueToTree(sample.get(cluster.getMetadata().getName()));
            com.fasterxml.jackson.databind.JsonNode expected = mapper.valueToTree(given);
            assertThat(sampled).as(cluster.getMetadata().getName()).isEqualTo(expected);
        }
        Run run = importing(SAMPLE, "--cluster", "osl-1", "--cluster", "par-1");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(power("osl-1").getForecast()).hasSize(24);
    }

    @Test
    void anUnknownClusterIsNamedAndNothingIsWritten() throws Exception {
        Path file =
                csv(
                        ForecastCsvTest.HEADER
                                + "osl-1,2026-11-30T00:00:00Z,12,0.04\n"
                                + "zrh-9,2026-11-30T00:00:00Z,40,0.06\n");

        Run run = importing(file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains(
                        "error: " + file + ": cluster zrh-9: no such Cluster (clusters.locus.dev)")
                .contains("error: nothing written");
        assertThat(writes()).isEmpty();
        assertThat(power("osl-1").getForecast()).isEmpty();
    }

    @Test
    void aBadLineWritesNothing() throws Exception {
        Path file =
                csv(
                        ForecastCsvTest.HEADER
                                + "osl-1,2026-11-30T00:00:00Z,12,0.04\n"
                                + "par-1,2026-11-30T00:00:00Z,-40,0.06\n");

        Run run = importing(file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "error: "
                                + file
                                + ":3: carbonIntensityGramsPerKwh: -40 is negative\n"
                                + "error: nothing written\n");
        assertThat(writes()).isEmpty();
        assertThat(power("osl-1").getForecast()).isEmpty();
    }

    @Test
    void clusterSelectsWhatIsWritten() throws Exception {
        Path file =
                csv(
                        ForecastCsvTest.HEADER
                                + "osl-1,2026-11-30T00:00:00Z,12,0.04\n"
                                + "zrh-9,2026-11-30T00:00:00Z,40,0.06\n");

        Run run = importing(file.toString(), "--cluster", "osl-1");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(power("osl-1").getForecast().get(0).getFrom()).isEqualTo("2026-11-30T00:00:00Z");
        Run missing = importing(file.toString(), "--cluster", "par-1");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err())
                .contains(file + ": no lines for cluster par-1 (the file has osl-1, zrh-9)");
    }

    @Test
    void dryRunPrintsThePatchesAndWritesNothing() throws Exception {
        Path file =
                csv(
                        ForecastCsvTest.HEADER
                                + "par-1,2026-11-30T00:00:00Z,40,0.06\n"
                                + "osl-1,2026-11-30T00:00:00Z,12,\n");

        Run run = importing(file.toString(), "--dry-run");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo(
                        "cluster.locus.dev/osl-1 forecast replaced: 1 hour(s) from"
                                + " 2026-11-30T00:00:00Z to 2026-11-30T00:00:00Z (dry run)\n"
                                + "{\"spec\":{\"power\":{\"forecast\":[{\"from\":\"2026-11-30T00:00:00Z\",\"carbonIntensityGramsPerKwh\":12.0}]}}}\n"
                                + "cluster.locus.dev/par-1 forecast replaced: 1 hour(s) from"
                                + " 2026-11-30T00:00:00Z to 2026-11-30T00:00:00Z (dry run)\n"
                                + "{\"spec\":{\"power\":{\"forecast\":[{\"from\":\"2026-11-30T00:00:00Z\",\"carbonIntensityGramsPerKwh\":40.0,\"pricePerKwh\":0.06}]}}}\n");
        assertThat(writes()).isEmpty();
        assertThat(power("osl-1").getForecast()).isEmpty();
    }

    @Test
    void theHelpListsTheCommands() {
        Run help = PlanCommandTest.run("--help");
        assertThat(help.out()).contains("forecast").contains("report");
        Run forecast = PlanCommandTest.run("forecast", "import", "--help");
        assertThat(forecast.out())
                .contains("cluster,from,carbonIntensityGramsPerKwh,pricePerKwh")
                .contains("--dry-run")
                .contains("--kubeconfig")
                .contains("--context");
    }

    /** The writes (PATCH, PUT, DELETE) the server took after the setup's creates, oldest first. */
    List<io.fabric8.mockwebserver.http.RecordedRequest> writes() throws Exception {
        return writes(new java.util.ArrayList<>());
    }

    /** As {@link #writes()}; the paths of the GET requests go to {@code gets}. */
    List<io.fabric8.mockwebserver.http.RecordedRequest> writes(List<String> gets) throws Exception {
        var all = new java.util.ArrayList<io.fabric8.mockwebserver.http.RecordedRequest>();
        int count = api.server.getRequestCount();
        for (int i = 0; i < count; i++) {
            var r = api.server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
            if (r != null && r.getMethod().equals("GET")) {
                gets.add(r.getPath());
            } else if (r != null) {
                all.add(r);
            }
        }
        // The setup's creates (and reads) came first.
        return all.stream()
                .filter(r -> !(r.getMethod().equals("POST")))
                .filter(r -> !r.getMethod().equals("GET"))
                .toList();
    }
}
