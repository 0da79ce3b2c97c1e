package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an InferenceEndpoint: replicas split across the regions its users are in. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = Rules.USER_NAMES_UNIQUE, message = Rules.USER_NAMES_UNIQUE_MESSAGE)
@JsonClassDescription(
        "The data, hardware, users, placement preferences and pod template of the endpoint.")
public class InferenceEndpointSpec extends WorkloadSpec {

    @JsonPropertyDescription("Number of model-server replicas.")
    @Default("1")
    @Min(1)
    @Max(100000)
    private Integer replicas;

    @JsonPropertyDescription("Accelerators each replica requests.")
    @Default("1")
    @Min(1)
    @Max(1024)
    private Integer acceleratorsPerReplica;

    @JsonPropertyDescription("Container port the model server listens on.")
    @Default("8080")
    @Min(1)
    @Max(65535)
    private Integer port;

    @JsonPropertyDescription(
            "Where requests come from. Replicas are split across regions in proportion to weight,"
                    + " each region served by its nearest feasible pool. Empty: the data origin is"
                    + " the one region.")
    @Size(max = 64)
    private List<UserRegion> users = new ArrayList<>();

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getAcceleratorsPerReplica() {
        return acceleratorsPerReplica;
    }

    public void setAcceleratorsPerReplica(Integer acceleratorsPerReplica) {
        this.acceleratorsPerReplica = acceleratorsPerReplica;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public List<UserRegion> getUsers() {
        return users;
    }

    public void setUsers(List<UserRegion> users) {
        this.users = users;
    }
}
