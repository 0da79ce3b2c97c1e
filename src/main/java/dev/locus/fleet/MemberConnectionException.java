package dev.locus.fleet;

/**
 * Locus cannot build a client for a member cluster. The reason is a condition reason; the message
 * never contains the kubeconfig itself.
 */
public class MemberConnectionException extends Exception {

    private final String reason;

    public MemberConnectionException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** CamelCase reason for the Cluster's Reachable condition, for example SecretNotFound. */
    public String reason() {
        return reason;
    }
}
