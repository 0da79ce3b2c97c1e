package dev.locus.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.testing.TestFiles;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the committed CRDs must carry: names, scope, columns, descriptions and validation. */
class CrdSchemaTest {

    /** Properties of embedded Kubernetes types, documented upstream rather than by Locus. */
    private static final Set<String> EMBEDDED =
            Set.of(
                    "spec.placement.clusterSelector",
                    "spec.tolerations[]",
                    "spec.namespaceSelector");

    private static final Map<String, CustomResourceDefinition> CRDS =
            TestFiles.crds().stream()
                    .collect(
                            Collectors.toMap(
                                    c -> c.getSpec().getNames().getKind(),
                                    c -> c,
                                    (a, b) -> a,
                                    TreeMap::new));

    @Test
    void sixKindsInTheLocusGroup() {
        assertThat(CRDS.keySet())
                .containsExactlyInAnyOrder(
                        "SovereigntyZone",
                        "Cluster",
                        "GPUPool",
                        "TrainingJob",
                        "InferenceEndpoint",
                        "FleetQuota");
        CRDS.values()
                .forEach(
                        crd -> {
                            assertThat(crd.getSpec().getGroup()).isEqualTo("locus.dev");
                            assertThat(crd.getSpec().getNames().getCategories())
                                    .containsExactly("locus");
                            assertThat(version(crd).getSubresources().getStatus())
                                    .as("%s has a status subresource", crd.getMetadata().getName())
                                    .isNotNull();
                        });
    }

    @ParameterizedTest
    @CsvSource({
        "SovereigntyZone, Cluster, sz",
        "Cluster, Cluster, lc",
        "GPUPool, Cluster, gp",
        "TrainingJob, Namespaced, tj",
        "InferenceEndpoint, Namespaced, ie",
        "FleetQuota, Cluster, fq"
    })
    void scopeAndShortName(String kind, String scope, String shortName) {
        CustomResourceDefinition crd = CRDS.get(kind);
        assertThat(crd.getSpec().getScope()).isEqualTo(scope);
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(shortName);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "TrainingJob | PHASE,ZONE,CLUSTER,POOL,AGE",
                "InferenceEndpoint | PHASE,ZONE,REPLICAS,READY,CLUSTER,AGE",
                "GPUPool | CLUSTER,MODEL,AVAILABLE,TOTAL,AGE",
                "Cluster | COUNTRY,PROVIDER,READY,ZONES,POWER USED,BUDGET,AGE",
                "SovereigntyZone | JURISDICTIONS,CLUSTERS,POOLS,AVAILABLE,AGE",
                "FleetQuota | COHORT,USED,LIMIT,PENDING,AGE"
            })
    void printerColumnsShownByDefault(String kind, String columns) {
        List<String> shown =
                version(CRDS.get(kind)).getAdditionalPrinterColumns().stream()
                        .filter(c -> c.getPriority() == null || c.getPriority() == 0)
                        .map(c -> c.getName())
                        .toList();
        assertThat(shown).containsExactly(columns.split(","));
    }

    @Test
    void everyLocusFieldHasADescription() {
        List<String> missing = new ArrayList<>();
        CRDS.forEach(
                (kind, crd) -> {
                    JSONSchemaProps root = version(crd).getSchema().getOpenAPIV3Schema();
                    for (String part : List.of("spec", "status")) {
                        JSONSchemaProps schema = root.getProperties().get(part);
                        if (schema != null) {
                            collectUndocumented(kind, part, schema, missing);
                        }
                    }
                });
        assertThat(missing).as("fields without @JsonPropertyDescription").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "TrainingJob, spec.workers, 1",
        "TrainingJob, spec.acceleratorsPerWorker, 1",
        "InferenceEndpoint, spec.replicas, 1",
        "InferenceEndpoint, spec.acceleratorsPerReplica, 1",
        "GPUPool, spec.capacity, 0",
        "GPUPool, spec.tier, 0",
        "FleetQuota, spec.limits[].accelerators, 0",
        "FleetQuota, spec.limits[].borrowingLimit, 0",
        "FleetQuota, spec.limits[].lendingLimit, 0",
        "Cluster, spec.location.latitude, -90",
        "Cluster, spec.location.longitude, -180",
        "TrainingJob, spec.data.origin.latitude, -90",
        "InferenceEndpoint, spec.users[].longitude, -180"
    })
    void minimums(String kind, String path, double minimum) {
        assertThat(schemaAt(kind, path).getMinimum()).isEqualTo(minimum);
    }

    @ParameterizedTest
    @CsvSource({
        "Cluster, spec.location.latitude, 90",
        "Cluster, spec.location.longitude, 180",
        "InferenceEndpoint, spec.users[].latitude, 90",
        "Cluster, spec.power.renewableFraction, 1",
        "GPUPool, spec.tier, 9"
    })
    void maximums(String kind, String path, double maximum) {
        assertThat(schemaAt(kind, path).getMaximum()).isEqualTo(maximum);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "TrainingJob | spec.data.classification | confidential,internal,personal,public",
                "InferenceEndpoint | spec.accelerator.type | gpu,lpu,npu,other,tpu",
                "GPUPool | spec.accelerator.type | gpu,lpu,npu,other,tpu",
                "TrainingJob | spec.placement.optimizeFor | carbon,cost,latency",
                "TrainingJob | spec.placement.preemptionPolicy | Never,PreemptLowerPriority",
                "InferenceEndpoint | spec.placement.preemptionPolicy | Never,PreemptLowerPriority",
                "TrainingJob | status.phase | Deferred,Failed,Pending,Placed,Running,Succeeded,Unschedulable",
                "SovereigntyZone | spec.restrictedClassifications[] | confidential,internal,personal,public"
            })
    void enums(String kind, String path, String values) {
        assertThat(schemaAt(kind, path).getEnum().stream().map(v -> v.asText()))
                .containsExactlyInAnyOrder(values.split(","));
    }

    @ParameterizedTest
    @CsvSource({
        "Cluster, spec.location.country",
        "SovereigntyZone, spec.jurisdictions[]",
        "TrainingJob, spec.data.origin.country",
        "InferenceEndpoint, spec.users[].country"
    })
    void countryCodes(String kind, String path) {
        assertThat(schemaAt(kind, path).getPattern()).isEqualTo("^[A-Z]{2}$");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Cluster | spec | connection",
                "GPUPool | spec | cluster,accelerator",
                "TrainingJob | spec | data,template",
                "TrainingJob | spec.data | classification",
                "InferenceEndpoint | spec | data,template",
                "SovereigntyZone | spec | jurisdictions",
                "FleetQuota | spec | limits",
                "FleetQuota | spec.limits[] | accelerators"
            })
    void requiredFields(String kind, String path, String fields) {
        assertThat(schemaAt(kind, path).getRequired()).contains(fields.split(","));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "Cluster ; spec.connection ; " + Rules.CONNECTION_EXACTLY_ONE,
                "TrainingJob ; spec.data ; " + Rules.ZONE_UNLESS_PUBLIC,
                "InferenceEndpoint ; spec.data ; " + Rules.ZONE_UNLESS_PUBLIC,
                "Cluster ; spec.location ; " + Rules.LATITUDE_WITH_LONGITUDE,
                "InferenceEndpoint ; spec ; " + Rules.USER_NAMES_UNIQUE,
                "FleetQuota ; spec ; " + Rules.QUOTA_LIMITS_UNIQUE,
                "FleetQuota ; spec ; " + Rules.NAMESPACE_SELECTOR_TERMS_COMPLETE,
                "FleetQuota ; spec ; " + Rules.BORROWING_NEEDS_COHORT,
                "FleetQuota ; spec.limits[] ; " + Rules.LENDING_WITHIN_ACCELERATORS
            })
    void celRules(String kind, String path, String rule) {
        assertThat(schemaAt(kind, path).getXKubernetesValidations())
                .extracting(ValidationRule::getRule)
                .contains(rule);
    }

    @Test
    void tierAndPreemptionPolicyHaveTheirDefaults() {
        assertThat(schemaAt("GPUPool", "spec.tier").getDefault().asInt()).isZero();
        assertThat(schemaAt("TrainingJob", "spec.placement.preemptionPolicy").getDefault().asText())
                .isEqualTo("Never");
        assertThat(schemaAt("FleetQuota", "spec.fairSharing.weight").getDefault().asDouble())
                .isEqualTo(1.0);
        // A weight of 0 would make a share infinite.
        assertThat(schemaAt("FleetQuota", "spec.fairSharing.weight").getExclusiveMinimum())
                .isTrue();
    }

    @Test
    void celRulesOfAQuotaStayWithinBoundedLists() {
        // The uniqueness rule compares every pair of limits and their models: the CRD bounds
        // both lists so that the API server's cost estimate stays within its budget.
        assertThat(schemaAt("FleetQuota", "spec.limits").getMaxItems()).isLessThanOrEqualTo(16);
        assertThat(schemaAt("FleetQuota", "spec.limits[].models").getMaxItems())
                .isLessThanOrEqualTo(8);
        assertThat(
                        schemaAt("FleetQuota", "spec.limits[].models")
                                .getItems()
                                .getSchema()
                                .getMaxLength())
                .isLessThanOrEqualTo(64);
    }

    private static void collectUndocumented(
            String kind, String path, JSONSchemaProps schema, List<String> missing) {
        if (schema.getDescription() == null || schema.getDescription().isBlank()) {
            missing.add(kind + " " + path);
        }
        if (EMBEDDED.contains(path)) {
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties()
                    .forEach(
                            (name, child) ->
                                    collectUndocumented(kind, path + "." + name, child, missing));
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            JSONSchemaProps items = schema.getItems().getSchema();
            if (items.getProperties() != null) {
                String itemPath = path + "[]";
                if (!EMBEDDED.contains(itemPath)) {
                    items.getProperties()
                            .forEach(
                                    (name, child) ->
                                            collectUndocumented(
                                                    kind, itemPath + "." + name, child, missing));
                }
            }
        }
    }

    private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().get(0);
    }

    /** The schema at a dotted path; {@code []} steps into array items. */
    static JSONSchemaProps schemaAt(String kind, String path) {
        JSONSchemaProps schema = version(CRDS.get(kind)).getSchema().getOpenAPIV3Schema();
        for (String step : path.split("\\.")) {
            boolean items = step.endsWith("[]");
            String name = items ? step.substring(0, step.length() - 2) : step;
            schema = schema.getProperties().get(name);
            assertThat(schema).as("%s has %s", kind, path).isNotNull();
            if (items) {
                schema = schema.getItems().getSchema();
            }
        }
        return schema;
    }
}
