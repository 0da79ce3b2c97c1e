package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** One aspect of an object's current state, shaped like Kubernetes' metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Condition {

    /** Condition status values. */
    public static final String TRUE = "True";

    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    @JsonPropertyDescription("Type of condition in CamelCase, for example Ready or Placed.")
    @Required
    private String type;

    @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
    @Required
    @Pattern("^(True|False|Unknown)$")
    private String status;

    @JsonPropertyDescription(
            "The metadata.generation the condition was set for; older than the object's"
                    + " generation means the condition is out of date.")
    @Min(0)
    private Long observedGeneration;

    @JsonPropertyDescription("Last time the condition went from one status to another (RFC 3339).")
    private String lastTransitionTime;

    @JsonPropertyDescription(
            "Programmatic identifier in CamelCase for the condition's last transition.")
    @Pattern("^([A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?)?$")
    private String reason;

    @JsonPropertyDescription("Human-readable details about the transition.")
    private String message;

    public Condition() {}

    public Condition(String type, String status, String reason, String message) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    /** True when this condition's status is True. */
    @JsonIgnore
    public boolean isTrue() {
        return TRUE.equals(status);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition c
                && Objects.equals(type, c.type)
                && Objects.equals(status, c.status)
                && Objects.equals(observedGeneration, c.observedGeneration)
                && Objects.equals(lastTransitionTime, c.lastTransitionTime)
                && Objects.equals(reason, c.reason)
                && Objects.equals(message, c.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + ": " + message + ")";
    }
}
