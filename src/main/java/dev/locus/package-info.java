/** Locus: sovereignty-aware placement of AI workloads across interconnected Kubernetes sites. */
package dev.locus;
