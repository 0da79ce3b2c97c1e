package dev.locus.app;

import java.time.Duration;

/**
 * Settings of the operator. In the Quarkus application they come from {@code locus.*} properties;
 * the embedded operator (demo, integration tests) passes them directly.
 *
 * @param namespace the operator's namespace: where kubeconfig Secrets are looked up by default, and
 *     a namespace Locus never dispatches into
 * @param probeInterval how often member clusters are probed
 * @param resyncInterval how often a scheduling pass runs with nothing else to trigger it
 * @param unreachableDeletionTimeout how long deletion of a workload waits for an unreachable member
 *     cluster before its finalizer is removed anyway
 * @param podSecurityEnforce the Pod Security Admission level enforced in namespaces Locus creates
 *     in member clusters (empty: none)
 * @param podSecurityWarn the level warned about there (empty: none)
 */
public record LocusConfig(
        String namespace,
        Duration probeInterval,
        Duration resyncInterval,
        Duration unreachableDeletionTimeout,
        String podSecurityEnforce,
        String podSecurityWarn) {

    public static final String DEFAULT_NAMESPACE = "locus-system";
    public static final String DEFAULT_POD_SECURITY_ENFORCE = "baseline";
    public static final String DEFAULT_POD_SECURITY_WARN = "restricted";

    /** Settings with the default Pod Security levels. */
    public LocusConfig(
            String namespace,
            Duration probeInterval,
            Duration resyncInterval,
            Duration unreachableDeletionTimeout) {
        this(
                namespace,
                probeInterval,
                resyncInterval,
                unreachableDeletionTimeout,
                DEFAULT_POD_SECURITY_ENFORCE,
                DEFAULT_POD_SECURITY_WARN);
    }

    public static LocusConfig defaults() {
        return new LocusConfig(
                DEFAULT_NAMESPACE,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofMinutes(10));
    }

    public LocusConfig withProbeInterval(Duration interval) {
        return new LocusConfig(
                namespace,
                interval,
                resyncInterval,
                unreachableDeletionTimeout,
                podSecurityEnforce,
                podSecurityWarn);
    }

    public LocusConfig withUnreachableDeletionTimeout(Duration timeout) {
        return new LocusConfig(
                namespace,
                probeInterval,
                resyncInterval,
                timeout,
                podSecurityEnforce,
                podSecurityWarn);
    }

    public LocusConfig withNamespace(String ns) {
        return new LocusConfig(
                ns,
                probeInterval,
                resyncInterval,
                unreachableDeletionTimeout,
                podSecurityEnforce,
                podSecurityWarn);
    }
}
