package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The family of accelerator a pool offers or a workload needs. */
public enum AcceleratorType {
    @JsonProperty("gpu")
    GPU,
    @JsonProperty("lpu")
    LPU,
    @JsonProperty("tpu")
    TPU,
    @JsonProperty("npu")
    NPU,
    @JsonProperty("other")
    OTHER;

    /** The value as written in manifests, for example {@code gpu}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
