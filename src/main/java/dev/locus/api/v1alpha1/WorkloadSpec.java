package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** What TrainingJob and InferenceEndpoint specs share: data, hardware, placement, template. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class WorkloadSpec {

    @JsonPropertyDescription(
            "The data the workload processes: classification, governing zone and origin. Decides"
                    + " where the workload may legally run.")
    @Required
    private DataSpec data;

    @JsonPropertyDescription("Accelerators the workload can run on; unset accepts any.")
    private AcceleratorRequest accelerator;

    @JsonPropertyDescription(
            "Higher priorities are decided first when several workloads wait for capacity.")
    @Default("0")
    @Max(1000000000)
    @Min(-1000000000)
    private Integer priority;

    @JsonPropertyDescription("Placement preferences and hard limits.")
    private PlacementSpec placement;

    @JsonPropertyDescription("When to move the workload off a cluster that is not Ready.")
    private FailoverSpec failover;

    @JsonPropertyDescription(
            "Pod template of what each worker or replica runs (a core/v1 PodTemplateSpec).")
    @Required
    @PreserveUnknownFields
    @SchemaFrom(type = Object.class)
    private PodTemplateSpec template;

    public DataSpec getData() {
        return data;
    }

    public void setData(DataSpec data) {
        this.data = data;
    }

    public AcceleratorRequest getAccelerator() {
        return accelerator;
    }

    public void setAccelerator(AcceleratorRequest accelerator) {
        this.accelerator = accelerator;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public PlacementSpec getPlacement() {
        return placement;
    }

    public void setPlacement(PlacementSpec placement) {
        this.placement = placement;
    }

    public FailoverSpec getFailover() {
        return failover;
    }

    public void setFailover(FailoverSpec failover) {
        this.failover = failover;
    }

    public PodTemplateSpec getTemplate() {
        return template;
    }

    public void setTemplate(PodTemplateSpec template) {
        this.template = template;
    }
}
