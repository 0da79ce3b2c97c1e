package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a Cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription("Location, connection, interconnects and power of the cluster.")
public class ClusterSpec {

    @JsonPropertyDescription(
            "Where the cluster stands. location.country decides its sovereignty zones; the"
                    + " coordinates estimate latency where no interconnect is declared.")
    private Location location;

    @JsonPropertyDescription("Who runs the site, free text: equinix, nscale, aws, on-prem ...")
    private String provider;

    @JsonPropertyDescription(
            "How Locus reaches the cluster: exactly one of local: true (the hub itself) or"
                    + " kubeconfigSecretRef.")
    @Required
    private Connection connection;

    @JsonPropertyDescription(
            "Measured round-trip latencies to other clusters; links are undirected.")
    @Size(max = 1000)
    private List<Interconnect> interconnects = new ArrayList<>();

    @JsonPropertyDescription("The site's power, used when workloads optimise for carbon.")
    private Power power;

    @JsonPropertyDescription("true: no new placements on this cluster; placed workloads stay.")
    private Boolean cordoned;

    public Location getLocation() {
        return location;
    }

    public void setLocation(Location location) {
        this.location = location;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public Connection getConnection() {
        return connection;
    }

    public void setConnection(Connection connection) {
        this.connection = connection;
    }

    public List<Interconnect> getInterconnects() {
        return interconnects;
    }

    public void setInterconnects(List<Interconnect> interconnects) {
        this.interconnects = interconnects;
    }

    public Power getPower() {
        return power;
    }

    public void setPower(Power power) {
        this.power = power;
    }

    public Boolean getCordoned() {
        return cordoned;
    }

    public void setCordoned(Boolean cordoned) {
        this.cordoned = cordoned;
    }

    /** True when the cluster takes no new placements. */
    public boolean takesNoNewPlacements() {
        return Boolean.TRUE.equals(cordoned);
    }
}
