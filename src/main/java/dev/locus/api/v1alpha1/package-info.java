/**
 * The {@code locus.dev/v1alpha1} API: custom resource classes from which the CRDs in {@code crds/}
 * are generated. Field names are the contract of DESIGN.md.
 */
package dev.locus.api.v1alpha1;
