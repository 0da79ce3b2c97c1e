package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** The accelerator a GPUPool's nodes carry. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Accelerator {

    @JsonPropertyDescription("Accelerator family: gpu, lpu, tpu, npu or other.")
    @Default("gpu")
    private AcceleratorType type;

    @JsonPropertyDescription("Vendor, for example nvidia or amd.")
    private String vendor;

    @JsonPropertyDescription(
            "Model name, for example H100; matched case-insensitively against a workload's"
                    + " accelerator.models.")
    @Required
    private String model;

    @JsonPropertyDescription("Memory per accelerator in GiB.")
    @Min(0)
    @Max(1000000)
    private Integer memoryGiB;

    @JsonPropertyDescription(
            "Power of one accelerator under load, in W: what counts against the cluster's"
                    + " power.budgetKilowatts and a workload's energy. Unset: 700.")
    @Min(0)
    @Max(100000)
    private Double watts;

    public Double getWatts() {
        return watts;
    }

    public void setWatts(Double watts) {
        this.watts = watts;
    }

    public AcceleratorType getType() {
        return type;
    }

    public void setType(AcceleratorType type) {
        this.type = type;
    }

    public String getVendor() {
        return vendor;
    }

    public void setVendor(String vendor) {
        this.vendor = vendor;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public Integer getMemoryGiB() {
        return memoryGiB;
    }

    public void setMemoryGiB(Integer memoryGiB) {
        this.memoryGiB = memoryGiB;
    }
}
