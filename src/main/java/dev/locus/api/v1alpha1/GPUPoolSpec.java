package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired state of a GPUPool. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription("Where the pool is, what accelerators it has, and how pods reach them.")
public class GPUPoolSpec {

    /** The extended resource accelerators are requested as, when none is named. */
    public static final String DEFAULT_RESOURCE_NAME = "nvidia.com/gpu";

    @JsonPropertyDescription("Name of the Cluster the pool's nodes are in.")
    @Required
    private String cluster;

    @JsonPropertyDescription("The accelerator the pool's nodes carry.")
    @Required
    private Accelerator accelerator;

    @JsonPropertyDescription(
            "Extended resource name the accelerators are requested as on the nodes.")
    @Default(DEFAULT_RESOURCE_NAME)
    private String resourceName;

    @JsonPropertyDescription(
            "Node labels that select the pool's nodes; dispatched pods get this nodeSelector.")
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations dispatched pods get, for tainted accelerator nodes.")
    private List<Toleration> tolerations = new ArrayList<>();

    @JsonPropertyDescription(
            "Declared number of accelerators, for pools whose nodes Locus cannot see; used when"
                    + " no node matches the nodeSelector.")
    @Min(0)
    @Max(10000000)
    private Integer capacity;

    @JsonPropertyDescription("Features of the pool, for example [nvlink, infiniband].")
    @Size(max = 64)
    private List<String> features = new ArrayList<>();

    @JsonPropertyDescription("Price of one accelerator for one hour, in any one currency.")
    @Min(0)
    private Double costPerAcceleratorHour;

    @JsonPropertyDescription(
            "Spill-over tier, 0..9, the first key of every ranking: work goes to a pool of a"
                    + " higher tier only when no pool of a lower tier fits. For example 0 own"
                    + " hardware, 1 reserved, 2 neocloud, 3 on-demand cloud. Default 0.")
    @Default("0")
    @Min(0)
    @Max(9)
    private Integer tier;

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public Accelerator getAccelerator() {
        return accelerator;
    }

    public void setAccelerator(Accelerator accelerator) {
        this.accelerator = accelerator;
    }

    public String getResourceName() {
        return resourceName;
    }

    public void setResourceName(String resourceName) {
        this.resourceName = resourceName;
    }

    /** The resource name, or the default when unset. */
    public String resourceNameOrDefault() {
        return resourceName == null || resourceName.isBlank()
                ? DEFAULT_RESOURCE_NAME
                : resourceName;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Integer getCapacity() {
        return capacity;
    }

    public void setCapacity(Integer capacity) {
        this.capacity = capacity;
    }

    public List<String> getFeatures() {
        return features;
    }

    public void setFeatures(List<String> features) {
        this.features = features;
    }

    public Double getCostPerAcceleratorHour() {
        return costPerAcceleratorHour;
    }

    public void setCostPerAcceleratorHour(Double costPerAcceleratorHour) {
        this.costPerAcceleratorHour = costPerAcceleratorHour;
    }

    public Integer getTier() {
        return tier;
    }

    public void setTier(Integer tier) {
        this.tier = tier;
    }
}
