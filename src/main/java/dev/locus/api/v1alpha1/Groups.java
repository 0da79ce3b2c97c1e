package dev.locus.api.v1alpha1;

/** API group and version shared by every Locus kind. */
public final class Groups {
    public static final String GROUP = "locus.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private Groups() {}
}
