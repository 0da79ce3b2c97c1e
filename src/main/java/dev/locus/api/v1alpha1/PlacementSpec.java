package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** A workload's placement preferences and hard limits. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = Rules.SELECTOR_TERMS_COMPLETE,
        message = Rules.SELECTOR_TERMS_COMPLETE_MESSAGE)
public class PlacementSpec {

    @JsonPropertyDescription(
            "First ranking key among pools that fit: latency (default), cost or carbon.")
    @Default("latency")
    private OptimizeFor optimizeFor;

    @JsonPropertyDescription(
            "Hard upper bound on round-trip latency in milliseconds from the data origin (and"
                    + " every user region) to the cluster.")
    @Min(0)
    private Double maxLatencyMs;

    @JsonPropertyDescription("Pool features the workload needs, for example [infiniband].")
    @Size(max = 32)
    private List<String> requiredFeatures = new ArrayList<>();

    @JsonPropertyDescription("Only clusters whose Cluster object labels match this selector.")
    private LabelSelector clusterSelector;

    @JsonPropertyDescription(
            "Never (default): wait for capacity. PreemptLowerPriority: a TrainingJob that fits no"
                    + " pool may preempt placed workloads of strictly lower priority on one pool"
                    + " it may use (the fewest that make room); they go back to Pending. An"
                    + " InferenceEndpoint never preempts.")
    @Default("Never")
    private PreemptionPolicy preemptionPolicy;

    public OptimizeFor getOptimizeFor() {
        return optimizeFor;
    }

    public void setOptimizeFor(OptimizeFor optimizeFor) {
        this.optimizeFor = optimizeFor;
    }

    public Double getMaxLatencyMs() {
        return maxLatencyMs;
    }

    public void setMaxLatencyMs(Double maxLatencyMs) {
        this.maxLatencyMs = maxLatencyMs;
    }

    public List<String> getRequiredFeatures() {
        return requiredFeatures;
    }

    public void setRequiredFeatures(List<String> requiredFeatures) {
        this.requiredFeatures = requiredFeatures;
    }

    public LabelSelector getClusterSelector() {
        return clusterSelector;
    }

    public void setClusterSelector(LabelSelector clusterSelector) {
        this.clusterSelector = clusterSelector;
    }

    public PreemptionPolicy getPreemptionPolicy() {
        return preemptionPolicy;
    }

    public void setPreemptionPolicy(PreemptionPolicy preemptionPolicy) {
        this.preemptionPolicy = preemptionPolicy;
    }
}
