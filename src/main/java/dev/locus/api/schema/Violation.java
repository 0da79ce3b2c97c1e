package dev.locus.api.schema;

/** One way a manifest breaks its CRD's schema: the field's path and what is wrong with it. */
public record Violation(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
