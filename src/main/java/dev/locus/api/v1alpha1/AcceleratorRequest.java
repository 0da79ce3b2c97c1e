package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What kind of accelerator a workload can run on. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AcceleratorRequest {

    @JsonPropertyDescription(
            "Accelerator models the workload accepts (case-insensitive, for example [H100,"
                    + " H200]); empty accepts any model.")
    @Size(max = 32)
    private List<String> models = new ArrayList<>();

    @JsonPropertyDescription("Minimum memory per accelerator in GiB.")
    @Min(0)
    @Max(1000000)
    private Integer minMemoryGiB;

    @JsonPropertyDescription(
            "Accelerator family required: gpu, lpu, tpu, npu or other; unset accepts any.")
    private AcceleratorType type;

    public List<String> getModels() {
        return models;
    }

    public void setModels(List<String> models) {
        this.models = models;
    }

    public Integer getMinMemoryGiB() {
        return minMemoryGiB;
    }

    public void setMinMemoryGiB(Integer minMemoryGiB) {
        this.minMemoryGiB = minMemoryGiB;
    }

    public AcceleratorType getType() {
        return type;
    }

    public void setType(AcceleratorType type) {
        this.type = type;
    }
}
