package dev.locus.dispatch;

import dev.locus.fleet.Digests;

/**
 * Deterministic names for remote objects: the same workload always maps to the same names, so a
 * restarted operator finds (and adopts) what it created before.
 */
public final class Names {

    /** Longest name usable for a Service and as a pod hostname prefix (DNS label). */
    public static final int MAX = 63;

    private Names() {}

    /**
     * {@code base-suffix}, shortened with a stable hash when longer than {@code max} so that two
     * long names never collide on the same truncation.
     */
    public static String join(int max, String... parts) {
        String full = String.join("-", parts);
        if (full.length() <= max) {
            return full;
        }
        String hash = hash(full).substring(0, 8);
        String head = full.substring(0, max - hash.length() - 1).replaceAll("[-.]+$", "");
        return head + "-" + hash;
    }

    /**
     * A DNS-1035 label (what Service names must be) made from any workload name: lower case, dots
     * become dashes, a leading digit gets a letter in front, at most {@code max} long.
     */
    public static String dnsLabel(String name, int max) {
        String label = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (label.isEmpty() || !Character.isLetter(label.charAt(0))) {
            label = "w-" + label;
        }
        label = label.replaceAll("-+$", "");
        return join(max, label);
    }

    static String hash(String text) {
        return Digests.sha256Hex(text);
    }
}
