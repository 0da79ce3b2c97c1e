package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How Locus reaches a member cluster: the hub itself, or through a kubeconfig Secret. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = Rules.CONNECTION_EXACTLY_ONE,
        message = Rules.CONNECTION_EXACTLY_ONE_MESSAGE)
public class Connection {

    @JsonPropertyDescription("true: this Cluster is the hub cluster Locus runs in.")
    private Boolean local;

    @JsonPropertyDescription("The Secret key holding a kubeconfig for the member cluster.")
    private SecretKeyRef kubeconfigSecretRef;

    @JsonPropertyDescription(
            "true: accept a kubeconfig that sets insecure-skip-tls-verify, so the member's API"
                    + " server certificate is not checked. Refused otherwise; shown as"
                    + " TLSVerified=False on the Cluster.")
    private Boolean insecureSkipTLSVerify;

    public Boolean getLocal() {
        return local;
    }

    public void setLocal(Boolean local) {
        this.local = local;
    }

    public SecretKeyRef getKubeconfigSecretRef() {
        return kubeconfigSecretRef;
    }

    public void setKubeconfigSecretRef(SecretKeyRef kubeconfigSecretRef) {
        this.kubeconfigSecretRef = kubeconfigSecretRef;
    }

    public Boolean getInsecureSkipTLSVerify() {
        return insecureSkipTLSVerify;
    }

    public void setInsecureSkipTLSVerify(Boolean insecureSkipTLSVerify) {
        this.insecureSkipTLSVerify = insecureSkipTLSVerify;
    }

    /** True when the Cluster accepts a member API server whose certificate is not checked. */
    public boolean allowsInsecureTls() {
        return Boolean.TRUE.equals(insecureSkipTLSVerify);
    }

    /** True when this connection means the hub cluster itself. */
    public boolean targetsHub() {
        return Boolean.TRUE.equals(local);
    }
}
