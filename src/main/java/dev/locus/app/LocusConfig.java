package dev.locus.app;

import java.time.Duration;

/**
 * Settings of the operator. In the Quarkus application they come from {@code locus.*} properties;
 * the embedded operator (demo, integration tests) passes them directly.
 *
 * @param namespace the operator's namespace: where kubeconfig Secrets are looked up by default
 * @param probeInterval how often member clusters are probed
 * @param resyncInterval how often a scheduling pass runs with nothing else to trigger it
 * @param unreachableDeletionTimeout how long deletion of a workload waits for an unreachable member
 *     cluster before its finalizer is removed anyway
 */
public record LocusConfig(
        String namespace,
        Duration probeInterval,
        Duration resyncInterval,
        Duration unreachableDeletionTimeout) {

    public static final String DEFAULT_NAMESPACE = "locus-system";

    public static LocusConfig defaults() {
        return new LocusConfig(
                DEFAULT_NAMESPACE,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofMinutes(10));
    }

    public LocusConfig withProbeInterval(Duration interval) {
        return new LocusConfig(namespace, interval, resyncInterval, unreachableDeletionTimeout);
    }

    public LocusConfig withUnreachableDeletionTimeout(Duration timeout) {
        return new LocusConfig(namespace, probeInterval, resyncInterval, timeout);
    }

    public LocusConfig withNamespace(String ns) {
        return new LocusConfig(ns, probeInterval, resyncInterval, unreachableDeletionTimeout);
    }
}
