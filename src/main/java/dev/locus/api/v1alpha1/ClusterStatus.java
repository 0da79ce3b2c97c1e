package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a Cluster: reachability, readiness, zones and capacity. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription(
        "Reachability and readiness of the cluster, the zones it belongs to and its capacity.")
public class ClusterStatus {

    /** Condition type: the member API server answers. */
    public static final String REACHABLE = "Reachable";

    /**
     * Condition type: False when the member's API server certificate is not checked (the Cluster
     * accepted insecure-skip-tls-verify) or it is reached over plain HTTP.
     */
    public static final String TLS_VERIFIED = "TLSVerified";

    /** Condition type: the cluster may receive workloads. */
    public static final String READY = "Ready";

    @JsonPropertyDescription("Standard conditions: Ready and Reachable, with reasons.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Kubernetes version the member API server reported.")
    private String kubernetesVersion;

    @JsonPropertyDescription("When the member cluster was last probed (RFC 3339).")
    private String lastProbeTime;

    @JsonPropertyDescription("SovereigntyZones the cluster belongs to, by its country.")
    private List<String> zones = new ArrayList<>();

    @JsonPropertyDescription("Accelerator capacity summed over the cluster's pools.")
    private Capacity capacity;

    @JsonPropertyDescription(
            "Accelerator power Locus placed on the cluster, against spec.power.budgetKilowatts.")
    private PowerStatus power;

    @JsonPropertyDescription("The metadata.generation this status was computed for.")
    private Long observedGeneration;

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getKubernetesVersion() {
        return kubernetesVersion;
    }

    public void setKubernetesVersion(String kubernetesVersion) {
        this.kubernetesVersion = kubernetesVersion;
    }

    public String getLastProbeTime() {
        return lastProbeTime;
    }

    public void setLastProbeTime(String lastProbeTime) {
        this.lastProbeTime = lastProbeTime;
    }

    public List<String> getZones() {
        return zones;
    }

    public void setZones(List<String> zones) {
        this.zones = zones;
    }

    public Capacity getCapacity() {
        return capacity;
    }

    public void setCapacity(Capacity capacity) {
        this.capacity = capacity;
    }

    public PowerStatus getPower() {
        return power;
    }

    public void setPower(PowerStatus power) {
        this.power = power;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
