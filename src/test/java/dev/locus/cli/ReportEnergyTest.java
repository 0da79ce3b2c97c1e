package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.EnergyUsed;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.InferenceEndpointStatus;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.cli.PlanCommandTest.Run;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl locus report energy} against fabric8's mock API server (CRUD). */
class ReportEnergyTest {

    @TempDir Path dir;

    MockApiServer api;

    @BeforeEach
    void start() throws Exception {
        api = new MockApiServer(dir);
        // ml-research, the kubeconfig context's namespace: a deferred job split over two
        // clusters, a job without a zone, one still running and one finished without energy.
        job(
                "ml-research",
                "llm-pretrain",
                WorkloadPhase.SUCCEEDED,
                "eu",
                energy(320, 224, 8960, 2000.0),
                new Assignment("fra-1", "fra-1-h100", 3, 24, 0.0),
                new Assignment("ams-1", "ams-1-h100", 1, 8, 5.0));
        job(
                "ml-research",
                "sweep",
                WorkloadPhase.FAILED,
                null,
                energy(8, 5.6, 100.8, null),
                new Assignment("osl-1", "osl-1-h100", 1, 8, 20.0));
        job(
                "ml-research",
                "running",
                WorkloadPhase.RUNNING,
                "eu",
                null,
                new Assignment("fra-1", "fra-1-h100", 1, 8, 0.0));
        job("ml-research", "old", WorkloadPhase.SUCCEEDED, "eu", null);
        // ml-prod: an endpoint that ran in the US and failed.
        InferenceEndpoint endpoint = new InferenceEndpoint();
        endpoint.setMetadata(
                new ObjectMetaBuilder().withName("chat").withNamespace("ml-prod").build());
        InferenceEndpointStatus status = new InferenceEndpointStatus();
        fill(
                status,
                WorkloadPhase.FAILED,
                "us",
                energy(16, 11.2, 4592, null),
                new Assignment[] {new Assignment("iad-1", "iad-1-l40s", 2, 2, 80.0)});
        endpoint.setStatus(status);
        api.client.resource(endpoint).create();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static EnergyUsed energy(double hours, double kwh, double grams, Double avoided) {
        EnergyUsed e = new EnergyUsed();
        e.setAcceleratorHours(hours);
        e.setKilowattHours(kwh);
        e.setGramsCO2e(grams);
        e.setGramsCO2eAvoided(avoided);
        return e;
    }

    void job(
            String namespace,
            String name,
            WorkloadPhase phase,
            String zone,
            EnergyUsed energy,
            Assignment... assignments) {
        TrainingJob job = new TrainingJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        TrainingJobStatus status = new TrainingJobStatus();
        fill(status, phase, zone, energy, assignments);
        job.setStatus(status);
        api.client.resource(job).create();
    }

    static void fill(
            WorkloadStatus status,
            WorkloadPhase phase,
            String zone,
            EnergyUsed energy,
            Assignment[] assignments) {
        status.setPhase(phase);
        PlacementStatus placement = new PlacementStatus();
        placement.setZone(zone);
        placement.setAssignments(new ArrayList<>(List.of(assignments)));
        status.setPlacement(placement);
        status.setEnergy(energy);
    }

    Run report(String... args) {
        List<String> all = new ArrayList<>(List.of("report", "energy"));
        all.addAll(List.of(args));
        all.addAll(List.of("--kubeconfig", api.kubeconfig.toString(), "--context", "mock"));
        return PlanCommandTest.run(all.toArray(String[]::new));
    }

    @Test
    void theContextsNamespaceByZoneAndByCluster() {
        Run run = report();

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .isEqualTo(
                        """
                        ZONE   WORKLOADS  ACCELERATOR-HOURS  KWH     KG CO2E  KG CO2E AVOIDED
                        eu     1          320.00             224.00  8.960    2.000
                        none   1          8.00               5.60    0.101    0.000
                        TOTAL  2          328.00             229.60  9.061    2.000

                        CLUSTER  WORKLOADS  ACCELERATOR-HOURS  KWH     KG CO2E  KG CO2E AVOIDED
                        ams-1    1          80.00              56.00   2.240    0.500
                        fra-1    1          240.00             168.00  6.720    1.500
                        osl-1    1          8.00               5.60    0.101    0.000
                        TOTAL    2          328.00             229.60  9.061    2.000

                        1 finished workload(s) without status.energy are not counted.
                        """);
    }

    @Test
    void oneNamespaceAsJson() throws Exception {
        Run run = report("-n", "ml-prod", "-o", "json");

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.at("/zones/0/name").asText()).isEqualTo("us");
        assertThat(json.at("/clusters/0/name").asText()).isEqualTo("iad-1");
        assertThat(json.at("/total/workloads").asInt()).isEqualTo(1);
        assertThat(json.at("/total/kilowattHours").asDouble()).isEqualTo(11.2);
        assertThat(json.at("/total/gramsCO2e").asDouble()).isEqualTo(4592.0);
        assertThat(json.at("/withoutEnergy").asInt()).isZero();
    }

    @Test
    void allNamespaces() throws Exception {
        Run run = report("-A", "-o", "json");

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("zones").findValuesAsText("name")).containsExactly("eu", "us", "none");
        assertThat(json.get("clusters").findValuesAsText("name"))
                .containsExactly("ams-1", "fra-1", "iad-1", "osl-1");
        assertThat(json.at("/total/workloads").asInt()).isEqualTo(3);
        assertThat(json.at("/total/acceleratorHours").asDouble()).isEqualTo(344.0);
        assertThat(json.at("/total/gramsCO2eAvoided").asDouble()).isEqualTo(2000.0);
    }

    @Test
    void namespaceAndAllNamespacesDoNotGoTogether() {
        Run run = report("-n", "ml-prod", "-A");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("give -n NAMESPACE or -A, not both");
    }
}
