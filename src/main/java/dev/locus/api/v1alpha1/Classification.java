package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How sensitive a workload's data is; every class but {@code public} can be restricted. */
public enum Classification {
    @JsonProperty("public")
    PUBLIC,
    @JsonProperty("internal")
    INTERNAL,
    @JsonProperty("confidential")
    CONFIDENTIAL,
    @JsonProperty("personal")
    PERSONAL;

    /** The value as written in manifests, for example {@code personal}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
