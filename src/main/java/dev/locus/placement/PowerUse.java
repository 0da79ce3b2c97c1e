package dev.locus.placement;

/**
 * Accelerator power a cluster holds (for Cluster status and metrics).
 *
 * @param usedKilowatts accelerators Locus placed there x their watts
 * @param budgetKilowatts the cluster's budget, or null when it has none
 */
public record PowerUse(String cluster, double usedKilowatts, Double budgetKilowatts) {}
