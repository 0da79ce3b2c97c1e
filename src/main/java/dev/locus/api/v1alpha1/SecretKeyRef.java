package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A key in a Secret, here the kubeconfig Locus uses to reach a member cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SecretKeyRef {

    /** The key a kubeconfig is read from when none is named. */
    public static final String DEFAULT_KEY = "kubeconfig";

    @JsonPropertyDescription(
            "Namespace of the Secret; defaults to the namespace the operator runs in.")
    private String namespace;

    @JsonPropertyDescription("Name of the Secret.")
    @Required
    private String name;

    @JsonPropertyDescription("Key in the Secret's data that holds the kubeconfig.")
    @Default(DEFAULT_KEY)
    private String key;

    public SecretKeyRef() {}

    public SecretKeyRef(String namespace, String name, String key) {
        this.namespace = namespace;
        this.name = name;
        this.key = key;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
