/**
 * Member clusters: one Kubernetes client per Cluster (the hub's own for {@code local: true},
 * otherwise from a kubeconfig Secret), health probes, and watches on what Locus put there.
 */
package dev.locus.fleet;
