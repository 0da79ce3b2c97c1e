/**
 * Offline validation of manifests against the committed CRD schemas: the same structural rules
 * (types, required fields, minimums, enums, patterns) and CEL rules the API server enforces, so
 * {@code kubectl locus plan} rejects what {@code kubectl apply} would.
 */
package dev.locus.api.schema;
